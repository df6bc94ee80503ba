package dev.dgmspark.common;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;

class NamePrefixesTest {
  private static final List<String> COLUMNS = List.of("hair_color", "hat", "hair", "glasses");

  @Test
  void anExactNameWinsOverLongerNamesItStarts() {
    assertEquals(List.of("hair"), NamePrefixes.matches("hair", COLUMNS));
    assertEquals(List.of("hat"), NamePrefixes.matches("hat", COLUMNS));
  }

  @Test
  void aPrefixMatchesEveryNameItStartsInOrder() {
    assertEquals(List.of("glasses"), NamePrefixes.matches("gl", COLUMNS));
    assertEquals(List.of("hair_color", "hat", "hair"), NamePrefixes.matches("h", COLUMNS));
    assertEquals(List.of("hair_color", "hair"), NamePrefixes.matches("hai", COLUMNS));
    assertEquals(List.of(), NamePrefixes.matches("smile", COLUMNS));
  }
}
