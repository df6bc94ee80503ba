package dev.dgmspark.debias;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ShareTallyTest {
  /** gender, skin, times drawn. */
  private static final Object[][] ROWS = {
    {"F", "dark", 3L}, {"F", "light", 0L}, {"M", "light", 1L}, {null, "light", 0L}
  };

  private static ShareTally add(ShareTally shares, Object[] row) {
    Map<String, String> attributes = new HashMap<>();
    attributes.put("gender", (String) row[0]);
    attributes.put("skin", (String) row[1]);
    return shares.add(attributes, (Long) row[2]);
  }

  @Test
  void sharesBeforeAndAfterByHand() {
    ShareTally shares = new ShareTally();
    for (Object[] row : ROWS) {
      add(shares, row);
    }
    // Before, each row once: F 2/4, M 1/4, missing 1/4; dark 1/4, light 3/4.
    // After, each row as often as drawn (4 draws): F 3/4, M 1/4, missing 0; dark 3/4, light 1/4.
    assertEquals(0.5, shares.shareBefore("gender", "F"));
    assertEquals(0.25, shares.shareBefore("gender", "M"));
    assertEquals(0.25, shares.shareBefore("gender", null));
    assertEquals(0.75, shares.shareAfter("gender", "F"));
    assertEquals(0.0, shares.shareAfter("gender", ShareTally.MISSING));
    assertEquals(0.25, shares.shareBefore("skin", "dark"));
    assertEquals(0.75, shares.shareAfter("skin", "dark"));
    assertEquals(3, shares.rows("skin", "light"));
    assertEquals(1, shares.drawn("skin", "light"));
    assertEquals(List.of("gender", "skin"), List.copyOf(shares.attributes()));
    assertEquals(new ShareTally.Share("gender", ShareTally.MISSING, 1, 0, 0.25, 0.0), shares.shares().get(0));
  }

  @Test
  void mergeEqualsWhole() {
    ShareTally whole = new ShareTally();
    ShareTally first = new ShareTally();
    ShareTally second = new ShareTally();
    for (int i = 0; i < ROWS.length; i++) {
      add(whole, ROWS[i]);
      add(i < 2 ? first : second, ROWS[i]);
    }
    assertEquals(whole.shares(), new ShareTally().merge(second).merge(first).shares());
    assertEquals(2, first.rows("skin", "dark") + first.rows("skin", "light"), "merge must not change its argument");
  }

  @Test
  void nothingDrawnGivesZeroShareAfter() {
    ShareTally shares = new ShareTally().add("gender", "F", 0).add("gender", "M", 0);
    assertEquals(0.5, shares.shareBefore("gender", "F"));
    assertEquals(0.0, shares.shareAfter("gender", "F"));
    assertEquals(0.0, shares.shareBefore("age", "old"));
  }
}
