package dev.chapter20.benchmarks;

import com.google.gson.Gson;
import com.google.gson.JsonParseException;
import dev.chapter20.common.ExampleMenu;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.List;
import java.util.Map;
import org.jfree.chart.ChartFactory;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.LogAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.axis.TickUnits;
import org.jfree.chart.labels.CategoryItemLabelGenerator;
import org.jfree.chart.labels.ItemLabelAnchor;
import org.jfree.chart.labels.ItemLabelPosition;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.PlotOrientation;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.Layer;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.TextAnchor;
import org.jfree.data.category.CategoryDataset;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * Draws {@code compare.sh}'s table as a chart: for each row, how many times better Java did than
 * each peer (a bar per Python and Node), on a log scale, from the 1x line where they are equal.
 * Bars to the right: Java was faster or used less memory; to the left, the peer did.
 *
 * <pre>
 *   java -Djava.awt.headless=true -cp benchmarks/target/benchmarks.jar \
 *       dev.chapter20.benchmarks.ComparisonChart benchmarks/target/comparison.json comparison.png
 * </pre>
 *
 * <p>It reads the ratios {@code compare.py --json} writes, not the Markdown table, and draws with
 * <a href="https://www.jfree.org/jfreechart/">JFreeChart</a>: a horizontal bar chart whose bars
 * start at 1 on a logarithmic axis, with a marker at 1. A wrong command line exits with code 2, a
 * file that cannot be read or written with code 1, each with one line on standard error.
 *
 * <p><b>Threading:</b> one thread, headless: no window, no event-dispatch thread.
 */
public final class ComparisonChart {

  /**
   * What the chart needs of {@code compare.py --json}: the peers and, per row, Java's ratio to
   * each. Gson skips the fields it has no component for (the file's {@code java} and each row's
   * {@code kind}).
   */
  record Comparison(String title, String subtitle, List<String> peers, List<Row> rows) {}

  /** One row of the table: its short label, and Java's advantage over each peer that ran it. */
  record Row(String label, Map<String, Double> ratios) {}

  static final int WIDTH = 1100;
  private static final int BAR_HEIGHT = 14;

  private ComparisonChart() {}

  /** Reads {@code json}, draws the chart and writes it to {@code png}. */
  public static void write(Path json, Path png) throws IOException {
    Comparison comparison = read(json);
    ChartUtils.saveChartAsPNG(png.toFile(), chart(comparison), WIDTH, height(comparison));
  }

  /** Reads and checks the ratios; a file of another shape is an IllegalArgumentException. */
  static Comparison read(Path json) throws IOException {
    Comparison comparison;
    try {
      comparison =
          new Gson().fromJson(Files.readString(json, StandardCharsets.UTF_8), Comparison.class);
    } catch (JsonParseException e) {
      throw new IllegalArgumentException(json + ": not JSON from compare.py: " + e.getMessage());
    }
    if (comparison == null || comparison.peers() == null || comparison.rows() == null) {
      throw new IllegalArgumentException(json + ": no peers or no rows");
    }
    for (Row row : comparison.rows()) {
      if (row.label() == null || row.ratios() == null) {
        throw new IllegalArgumentException(json + ": a row without a label or ratios");
      }
      for (Double ratio : row.ratios().values()) {
        if (ratio == null || !(ratio > 0) || ratio.isInfinite()) {
          throw new IllegalArgumentException(json + ": ratio " + ratio + " in row " + row.label());
        }
      }
    }
    return comparison;
  }

  /** Builds the chart: a category per row, a bar per peer, a logarithmic axis through 1x. */
  static JFreeChart chart(Comparison comparison) {
    DefaultCategoryDataset ratios = new DefaultCategoryDataset();
    double lowest = 1;
    double highest = 1;
    // Every peer's series first, in the table's column order: a peer whose first bar comes in a
    // later row (a "+ uvloop" column) would otherwise move to the end of the legend.
    if (!comparison.rows().isEmpty()) {
      for (String peer : comparison.peers()) {
        ratios.addValue(null, peer, comparison.rows().get(0).label());
      }
    }
    for (Row row : comparison.rows()) {
      for (String peer : comparison.peers()) {
        Double ratio = row.ratios().get(peer);
        if (ratio != null) {
          ratios.addValue(ratio, peer, row.label());
          lowest = Math.min(lowest, ratio);
          highest = Math.max(highest, ratio);
        }
      }
    }
    JFreeChart chart =
        ChartFactory.createBarChart(
            comparison.title(), null, null, ratios, PlotOrientation.HORIZONTAL, true, false, false);
    if (comparison.subtitle() != null) {
      chart.addSubtitle(new TextTitle(comparison.subtitle(), new Font(Font.SANS_SERIF, 0, 11)));
    }
    CategoryPlot plot = chart.getCategoryPlot();
    plot.setBackgroundPaint(Color.WHITE);
    plot.setRangeGridlinePaint(Color.LIGHT_GRAY);

    LogAxis axis =
        new LogAxis(
            "how many times faster Java was (or how many times less memory it used); log scale");
    axis.setBase(2); // ticks at 1/4x, 1/2x, 1x, 2x, 4x ... (or every 2nd, 3rd ... power of 2)
    TickUnits powers = new TickUnits();
    for (int exponents : new int[] {1, 2, 3, 4, 5, 10}) {
      powers.add(new NumberTickUnit(exponents));
    }
    axis.setStandardTickUnits(powers);
    axis.setNumberFormatOverride(new DecimalFormat("0.###'x'"));
    axis.setRange(lowest / 2, highest * 4); // room for the labels at the ends of the bars
    plot.setRangeAxis(axis);
    CategoryAxis rows = plot.getDomainAxis();
    rows.setMaximumCategoryLabelWidthRatio(0.3f);
    rows.setCategoryMargin(0.25);

    BarRenderer bars = new RatioBars();
    plot.setRenderer(bars);
    bars.setBase(1); // each bar runs from "equal" to the ratio, rightwards if Java did better
    bars.setBarPainter(new StandardBarPainter());
    bars.setShadowVisible(false);
    bars.setItemMargin(0.05);
    bars.setDefaultItemLabelGenerator(
        new StandardCategoryItemLabelGenerator("{2}", new ThreeDigits()));
    bars.setDefaultItemLabelsVisible(true);
    bars.setDefaultItemLabelFont(new Font(Font.SANS_SERIF, 0, 10));
    bars.setDefaultPositiveItemLabelPosition(
        new ItemLabelPosition(ItemLabelAnchor.OUTSIDE3, TextAnchor.CENTER_LEFT));
    bars.setDefaultNegativeItemLabelPosition(
        new ItemLabelPosition(ItemLabelAnchor.OUTSIDE9, TextAnchor.CENTER_RIGHT));

    ValueMarker equal = new ValueMarker(1, Color.BLACK, new BasicStroke(1.5f));
    equal.setLabel("1x: equal");
    equal.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
    equal.setLabelTextAnchor(TextAnchor.TOP_LEFT);
    plot.addRangeMarker(equal, Layer.FOREGROUND);
    return chart;
  }

  /**
   * Bars that label a ratio below 1x at their left end. {@link BarRenderer} puts a label at the far
   * end of its bar only for values below 0, which a ratio never is; here "below" means below the
   * base, 1x.
   */
  private static final class RatioBars extends BarRenderer {

    private static final long serialVersionUID = 1L;

    @Override
    protected void drawItemLabel(
        Graphics2D g2,
        CategoryDataset data,
        int row,
        int column,
        CategoryPlot plot,
        CategoryItemLabelGenerator generator,
        Rectangle2D bar,
        boolean negative) {
      Number value = data.getValue(row, column);
      boolean belowBase = value != null && value.doubleValue() < getBase();
      super.drawItemLabel(g2, data, row, column, plot, generator, bar, belowBase);
    }
  }

  /** Returns a height that gives each bar about {@value #BAR_HEIGHT} pixels. */
  static int height(Comparison comparison) {
    int bars = comparison.rows().size() * Math.max(1, comparison.peers().size());
    return 200 + bars * BAR_HEIGHT + comparison.rows().size() * 12;
  }

  public static void main(String[] args) {
    if (args.length != 2) {
      System.err.println("usage: ComparisonChart COMPARISON.json CHART.png");
      System.exit(2);
      return;
    }
    try {
      write(Path.of(args[0]), Path.of(args[1]));
    } catch (NoSuchFileException e) {
      System.err.println("error: chart: no such file or folder: " + e.getFile());
      System.exit(1);
    } catch (IOException | RuntimeException e) {
      System.err.println("error: chart: " + ExampleMenu.oneLine(e));
      System.exit(1);
    }
  }

  /** Formats a ratio with three significant digits and an x: 526x, 9.1x, 0.0248x. */
  static final class ThreeDigits extends NumberFormat {
    private static final long serialVersionUID = 1L;

    @Override
    public StringBuffer format(double number, StringBuffer to, FieldPosition position) {
      if (!Double.isFinite(number) || number == 0) {
        return to.append(number).append('x');
      }
      String digits =
          new BigDecimal(number).round(new MathContext(3)).stripTrailingZeros().toPlainString();
      return to.append(digits).append('x');
    }

    @Override
    public StringBuffer format(long number, StringBuffer to, FieldPosition position) {
      return format((double) number, to, position);
    }

    /** Reads back a label such as {@code 9.1x}; sets the error index when there is none. */
    @Override
    public Number parse(String source, ParsePosition position) {
      int start = position.getIndex();
      int end = source.indexOf('x', start);
      try {
        double value = Double.parseDouble(source.substring(start, end < 0 ? source.length() : end));
        position.setIndex(end < 0 ? source.length() : end + 1);
        return value;
      } catch (NumberFormatException e) {
        position.setErrorIndex(start);
        return null;
      }
    }
  }
}
