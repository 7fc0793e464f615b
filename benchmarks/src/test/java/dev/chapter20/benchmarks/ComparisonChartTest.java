package dev.chapter20.benchmarks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class ComparisonChartTest {

  private static final String TINY =
      """
      {"title": "Java 25 against each peer", "subtitle": "Machine: 2 cores",
       "java": "Java 25",
       "peers": ["Python 3.11.7", "Node 20.11.1"],
       "rows": [
        {"label": "pool round trip", "kind": "time", "ratios": {"Python 3.11.7": 4.6}},
        {"label": "sleeps, peak RSS", "kind": "memory",
         "ratios": {"Python 3.11.7": 0.8, "Node 20.11.1": 1.3}}
       ]}
      """;

  @Test
  void drawsAPngOfTheGivenWidthFromATinyTable(@TempDir Path folder) throws IOException {
    Path json = Files.writeString(folder.resolve("comparison.json"), TINY);
    Path png = folder.resolve("comparison.png");

    ComparisonChart.write(json, png);

    BufferedImage image = ImageIO.read(png.toFile());
    assertNotNull(image, "not a PNG that ImageIO can read");
    assertEquals(ComparisonChart.WIDTH, image.getWidth());
    assertTrue(image.getHeight() > 200, "height " + image.getHeight());
  }

  @Test
  void refusesAFileOfAnotherShape(@TempDir Path folder) throws IOException {
    Path json = Files.writeString(folder.resolve("comparison.json"), "{\"title\": \"no rows\"}");

    IllegalArgumentException refused =
        assertThrows(
            IllegalArgumentException.class,
            () -> ComparisonChart.write(json, folder.resolve("comparison.png")));
    assertTrue(refused.getMessage().contains("no peers or no rows"), refused.getMessage());
  }

  @Test
  void refusesARatioThatALogAxisCannotShow(@TempDir Path folder) throws IOException {
    Path json = Files.writeString(folder.resolve("comparison.json"), TINY.replace("4.6", "0"));

    assertThrows(
        IllegalArgumentException.class,
        () -> ComparisonChart.write(json, folder.resolve("comparison.png")));
  }

  @Test
  void barLabelsGiveTheRatioToThreeSignificantDigits() {
    ComparisonChart.ThreeDigits format = new ComparisonChart.ThreeDigits();

    assertEquals("526x", format.format(526.31));
    assertEquals("9.1x", format.format(9.1));
    assertEquals("0.0248x", format.format(0.024772));
    assertEquals("1020x", format.format(1024.4));
    assertEquals(9.1, format.parse("9.1x", new java.text.ParsePosition(0)));
  }
}
