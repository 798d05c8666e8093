package dev.ragserver.tools.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The calibration fit and its measure, on data whose answers are known by hand. */
class CalibrationTest {
  @Test
  void logisticRegressionRecoversTheLogOddsOfEachGroup() {
    // x = 0: 1 positive in 4 (log odds ln(1/3)); x = 1: 3 positives in 4 (ln 3). Unpenalised, the
    // fit is exact: intercept ln(1/3), weight ln 3 − ln(1/3) = 2 ln 3.
    double[][] x = {{0}, {0}, {0}, {0}, {1}, {1}, {1}, {1}};
    int[] y = {1, 0, 0, 0, 1, 1, 1, 0};
    double[] w = Logistic.fit(x, y, 0);
    assertEquals(Math.log(1.0 / 3), w[0], 1e-6);
    assertEquals(2 * Math.log(3), w[1], 1e-6);
    double[] shrunk = Logistic.fit(x, y, 10);
    assertTrue(Math.abs(shrunk[1]) < Math.abs(w[1]), "an L2 penalty shrinks the weight");
    assertThrows(IllegalArgumentException.class, () -> Logistic.fit(x, new int[] {1}, 0));
  }

  @Test
  void theExpectedCalibrationErrorWeighsEachBinsGapByItsShare() {
    // bin 0.0–0.5: predictions 0.2, 0.4 (mean 0.3), 1 of 2 positive (0.5): gap 0.2, weight 2/4
    // bin 0.5–1.0: predictions 0.6, 1.0 (mean 0.8), 2 of 2 positive (1.0): gap 0.2, weight 2/4
    CalibrationCurve c =
        CalibrationCurve.of(
            new double[] {0.2, 0.4, 0.6, 1.0}, new boolean[] {true, false, true, true}, 2);
    assertEquals(0.2, c.ece(), 1e-9);
    assertEquals(2, c.bins().get(1).count());
    assertEquals(0.8, c.bins().get(1).meanPredicted(), 1e-9);
    assertEquals(0.5, c.bins().get(0).observed(), 1e-9);
    assertEquals(
        0,
        CalibrationCurve.of(new double[] {0.25, 0.75}, new boolean[] {false, true}, 1).ece() - 0.0,
        1e-9);
    assertThrows(
        IllegalArgumentException.class,
        () -> CalibrationCurve.of(new double[] {1.5}, new boolean[] {true}, 10));
  }
}
