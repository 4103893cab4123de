package dev.floe.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Stroke;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;

/**
 * The scale curves as a picture (results/scale.png): four panels, Floe blue against the
 * reference orange, each figure at the sizes measured, log-scaled values printed at the points.
 */
final class ScaleChart {
  private static final Color FLOE = new Color(0x1f, 0x6f, 0xb4);
  private static final Color REFERENCE = new Color(0xf0, 0x8a, 0x24);
  private static final Color GRID = new Color(0xdd, 0xdd, 0xdd);
  private static final Color TEXT = new Color(0x22, 0x22, 0x22);
  private static final Stroke SOLID = new BasicStroke(2.5f);
  private static final Stroke DASHED =
      new BasicStroke(2.0f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 6f}, 0f);
  private static final int WIDTH = 1600;
  private static final int HEIGHT = 1100;

  private ScaleChart() {}

  /** One line: a value per x position (NaN where not measured). */
  private record Series(String label, Color color, boolean dashed, double[] values) {}

  static void render(Report report, Path file) throws IOException {
    System.setProperty("java.awt.headless", "true");
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
    g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    g.setColor(Color.WHITE);
    g.fillRect(0, 0, WIDTH, HEIGHT);
    g.setColor(TEXT);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 26));
    g.drawString("Floe vs Iceberg reference REST server: scale curves", 40, 44);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 16));
    g.drawString((report.settings.quick ? "quick smoke run" : "full run") + ", " + report.environment.get("generatedAt") + ", "
        + report.environment.get("cores") + " cores; Floe blue, reference orange; log scales; same run (see latest.md, Scale curves)", 40, 70);

    Settings settings = report.settings;
    int clientsLow = settings.scaleLoadClients.isEmpty() ? 1 : settings.scaleLoadClients.get(0);
    int clientsHigh = settings.scaleLoadClients.isEmpty() ? 16 : settings.scaleLoadClients.get(settings.scaleLoadClients.size() - 1);
    List<Integer> snapshots = report.scaleSizes("scale.loadTable.s", ".c" + clientsHigh);
    List<Series> load = new ArrayList<>();
    for (ServerRun run : new ServerRun[] {report.floe(), report.reference()}) {
      if (run == null) {
        continue;
      }
      Color color = run == report.floe() ? FLOE : REFERENCE;
      String name = run == report.floe() ? "Floe" : "ref";
      load.add(new Series(name + " p99, " + clientsHigh + " cl.", color, false,
          values(report, run, snapshots, n -> "scale.loadTable.s" + n + ".c" + clientsHigh, ServerRun.Figures::p99)));
      load.add(new Series(name + " p50, " + clientsLow + " cl.", color, true,
          values(report, run, snapshots, n -> "scale.loadTable.s" + n + ".c" + clientsLow, ServerRun.Figures::p50)));
    }
    int panelWidth = (WIDTH - 120) / 2;
    int panelHeight = (HEIGHT - 200) / 2;
    panel(g, "loadTable latency (ms) vs snapshots in the table", "snapshots", snapshots, load, 40, 100, panelWidth, panelHeight);

    int clients = settings.scaleClients;
    List<Integer> listSizes = report.scaleSizes("scale.listTables.n", ".c" + clients);
    panel(g, "listTables (full listing) per second vs tables in the namespace, " + clients + " clients", "tables in the namespace",
        listSizes, throughput(report, listSizes, n -> "scale.listTables.n" + n + ".c" + clients), 80 + panelWidth, 100, panelWidth, panelHeight);

    List<Integer> commitSizes = report.scaleSizes("scale.commit.t", ".c" + clients);
    panel(g, "commits per second vs tables committed to, " + clients + " clients", "tables committed to", commitSizes,
        throughput(report, commitSizes, n -> "scale.commit.t" + n + ".c" + clients), 40, 160 + panelHeight, panelWidth, panelHeight);

    List<Integer> memorySizes = new ArrayList<>();
    for (ServerRun run : report.runs.values()) {
      for (Integer n : run.memory.keySet()) {
        if (!memorySizes.contains(n)) {
          memorySizes.add(n);
        }
      }
    }
    List<Series> memory = new ArrayList<>();
    for (ServerRun run : new ServerRun[] {report.floe(), report.reference()}) {
      if (run == null) {
        continue;
      }
      Color color = run == report.floe() ? FLOE : REFERENCE;
      String name = run == report.floe() ? "Floe" : "ref";
      double[] heap = new double[memorySizes.size()];
      double[] rss = new double[memorySizes.size()];
      for (int i = 0; i < memorySizes.size(); i++) {
        ServerRun.Memory m = run.memory.get(memorySizes.get(i));
        heap[i] = m == null || m.liveHeapKib() < 0 ? Double.NaN : m.liveHeapKib() / 1024.0;
        rss[i] = m == null || m.rssKib() < 0 ? Double.NaN : m.rssKib() / 1024.0;
      }
      memory.add(new Series(name + " live heap", color, false, heap));
      memory.add(new Series(name + " RSS", color, true, rss));
    }
    panel(g, "memory (MiB) vs tables loaded: live heap after full GC, RSS", "tables loaded", memorySizes, memory,
        80 + panelWidth, 160 + panelHeight, panelWidth, panelHeight);
    g.dispose();
    ImageIO.write(image, "png", file.toFile());
  }

  private static List<Series> throughput(Report report, List<Integer> sizes, java.util.function.IntFunction<String> id) {
    List<Series> list = new ArrayList<>();
    if (report.floe() != null) {
      list.add(new Series("Floe", FLOE, false, values(report, report.floe(), sizes, id, ServerRun.Figures::throughput)));
    }
    if (report.reference() != null) {
      list.add(new Series("ref", REFERENCE, false, values(report, report.reference(), sizes, id, ServerRun.Figures::throughput)));
    }
    return list;
  }

  private static double[] values(
      Report report, ServerRun run, List<Integer> sizes, java.util.function.IntFunction<String> id, ToDoubleFunction<ServerRun.Figures> value) {
    double[] values = new double[sizes.size()];
    for (int i = 0; i < sizes.size(); i++) {
      ServerRun.Figures figures = report.figures(run, id.apply(sizes.get(i)));
      values[i] = figures == null ? Double.NaN : value.applyAsDouble(figures);
    }
    return values;
  }

  private static void panel(
      Graphics2D g, String title, String axis, List<Integer> sizes, List<Series> series, int x, int y, int width, int height) {
    g.setColor(TEXT);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 17));
    g.drawString(title, x, y + 16);
    int left = x + 70;
    int right = x + width - 150;
    int top = y + 36;
    int bottom = y + height - 40;
    double min = Double.MAX_VALUE;
    double max = 0;
    for (Series s : series) {
      for (double v : s.values()) {
        if (!Double.isNaN(v) && v > 0) {
          min = Math.min(min, v);
          max = Math.max(max, v);
        }
      }
    }
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    if (sizes.isEmpty() || max == 0) {
      g.drawString("not measured in this run", left, (top + bottom) / 2);
      return;
    }
    double low = Math.floor(Math.log10(min));
    double high = Math.ceil(Math.log10(max));
    if (high <= low) {
      high = low + 1;
    }
    // grid: decades
    for (double d = low; d <= high; d++) {
      int gy = (int) (bottom - (d - low) / (high - low) * (bottom - top));
      g.setColor(GRID);
      g.drawLine(left, gy, right, gy);
      g.setColor(TEXT);
      String label = Report.fmt(Math.pow(10, d), d < 0 ? (int) -d : 0);
      g.drawString(label, left - 8 - g.getFontMetrics().stringWidth(label), gy + 5);
    }
    g.setColor(TEXT);
    g.drawLine(left, top, left, bottom);
    g.drawLine(left, bottom, right, bottom);
    int[] xs = new int[sizes.size()];
    for (int i = 0; i < sizes.size(); i++) {
      xs[i] = sizes.size() == 1 ? (left + right) / 2 : left + 40 + i * (right - left - 80) / (sizes.size() - 1);
      String label = Report.fmt(sizes.get(i), 0);
      g.drawString(label, xs[i] - g.getFontMetrics().stringWidth(label) / 2, bottom + 18);
    }
    g.drawString(axis, (left + right) / 2 - g.getFontMetrics().stringWidth(axis) / 2, bottom + 36);
    int legendY = top + 10;
    for (Series s : series) {
      g.setColor(s.color());
      g.setStroke(s.dashed() ? DASHED : SOLID);
      int previousX = -1;
      int previousY = -1;
      for (int i = 0; i < s.values().length; i++) {
        double v = s.values()[i];
        if (Double.isNaN(v) || v <= 0) {
          previousX = -1;
          continue;
        }
        int py = (int) (bottom - (Math.log10(v) - low) / (high - low) * (bottom - top));
        if (previousX >= 0) {
          g.drawLine(previousX, previousY, xs[i], py);
        }
        g.fillOval(xs[i] - 4, py - 4, 8, 8);
        String text = v >= 100 ? Report.fmt(v, 0) : v >= 10 ? Report.fmt(v, 1) : Report.fmt(v, 2);
        g.drawString(text, xs[i] + 6, py - 6);
        previousX = xs[i];
        previousY = py;
      }
      g.drawLine(right + 14, legendY, right + 44, legendY);
      g.setStroke(new BasicStroke(1f));
      g.setColor(TEXT);
      g.drawString(s.label(), right + 50, legendY + 5);
      legendY += 20;
    }
    g.setStroke(new BasicStroke(1f));
  }
}
