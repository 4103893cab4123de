package dev.floe.bench;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.ToDoubleFunction;
import javax.imageio.ImageIO;

/**
 * The report's picture, drawn with Java2D (headless): grouped bars, Floe against the reference,
 * of throughput and p99 latency per scenario (log scales, value and ratio printed on the bars),
 * then the process figures and the targets.
 */
final class Chart {
  private static final Color FLOE = new Color(0x1f, 0x6f, 0xb4);
  private static final Color REFERENCE = new Color(0xf0, 0x8a, 0x24);
  /** Floe deciding with OPA (floe-opa), next to Floe's bar where it ran. */
  private static final Color FLOE_OPA = new Color(0x7f, 0xb3, 0xe0);
  private static final Color GRID = new Color(0xdd, 0xdd, 0xdd);
  private static final Color TEXT = new Color(0x22, 0x22, 0x22);
  private static final Color PASS = new Color(0x1a, 0x8a, 0x3a);
  private static final Color FAIL = new Color(0xc0, 0x22, 0x22);
  private static final int WIDTH = 1600;
  private static final int HEIGHT = 1250;

  private Chart() {}

  private record Group(String label, ServerRun.Figures floe, ServerRun.Figures reference, ServerRun.Figures floeOpa) {}

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
    g.drawString("Floe vs Iceberg reference REST catalog server", 40, 44);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 16));
    g.drawString(
        (report.settings.quick ? "quick smoke run" : "full run") + ", " + report.environment.get("generatedAt") + ", "
            + report.environment.get("cores") + " cores, JDK " + report.environment.get("jdk")
            + ", PostgreSQL " + report.environment.get("postgresVersion") + "   (ratios are Floe / reference, same run)",
        40, 70);
    legend(g, WIDTH - (report.floeOpa() == null ? 400 : 560), 34, report.floeOpa() != null);

    List<Group> groups = groups(report);
    panel(g, "Throughput, operations/s (log scale) - higher is better", groups, 40, 100, WIDTH - 80, 400,
        ServerRun.Figures::throughput, false);
    panel(g, "p99 latency, ms (log scale) - lower is better", groups, 40, 560, WIDTH - 80, 400,
        ServerRun.Figures::p99, true);
    g.setColor(TEXT);
    g.setFont(new Font(Font.SANS_SERIF, Font.ITALIC, 13));
    g.drawString("* measured while other processes on the machine used more than "
        + (int) Suite.NOISY_PERCENT + "% of its CPU (disturbed; see latest.md)", 40, 992);
    processPanel(g, report, 40, 1020, 700, 210);
    targetsPanel(g, report, 800, 1020, WIDTH - 840, 210);
    g.dispose();
    ImageIO.write(image, "png", file.toFile());
  }

  private static List<Group> groups(Report report) {
    List<Group> groups = new ArrayList<>();
    for (String id : report.scenarioIds()) {
      String label = label(id);
      if (label == null) {
        continue;
      }
      groups.add(new Group(label, report.figures(report.floe(), id), report.figures(report.reference(), id),
          report.figures(report.floeOpa(), id)));
    }
    return groups;
  }

  /** Short two-line labels for the scenarios on the chart; null leaves one out. */
  private static String label(String id) {
    if (id.equals("tree.create")) {
      return "create tree\n(ns+tables+views)";
    }
    if (id.startsWith("read.loadTable.c")) {
      return "loadTable\n" + id.substring("read.loadTable.c".length()) + " clients";
    }
    if (id.startsWith("read.listTables.c")) {
      return "listTables\n" + id.substring("read.listTables.c".length()) + " clients";
    }
    if (id.startsWith("read.loadNamespace.c")) {
      return "loadNamespace\n" + id.substring("read.loadNamespace.c".length()) + " clients";
    }
    if (id.startsWith("read.loadTable.open")) {
      return "loadTable open\n" + id.substring("read.loadTable.open".length()) + "/s";
    }
    if (id.startsWith("mix.") && id.chars().filter(c -> c == '.').count() == 2) {
      String[] parts = id.split("\\.");
      return "read/write mix\n" + parts[1].replace("r", "").replace("w", "/") + ", " + parts[2].substring(1) + " cl.";
    }
    if (id.startsWith("commit.distinct.c")) {
      return "commits\n" + id.substring("commit.distinct.c".length()) + " tables";
    }
    if (id.startsWith("wrk.loadTable.c")) {
      return "loadTable (wrk)\n" + id.substring("wrk.loadTable.c".length()) + " connections";
    }
    if (id.equals("commit.contended")) {
      return "commits\n1 table (contended)";
    }
    return null;
  }

  private static void legend(Graphics2D g, int x, int y, boolean floeOpa) {
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 17));
    int at = x;
    at = legendEntry(g, at, y, FLOE, "Floe");
    if (floeOpa) {
      at = legendEntry(g, at, y, FLOE_OPA, "Floe with OPA");
    }
    legendEntry(g, at, y, REFERENCE, "Iceberg reference server");
  }

  private static int legendEntry(Graphics2D g, int x, int y, Color color, String text) {
    g.setColor(color);
    g.fillRect(x, y - 14, 18, 18);
    g.setColor(TEXT);
    g.drawString(text, x + 26, y);
    return x + 26 + g.getFontMetrics().stringWidth(text) + 28;
  }

  private static void panel(
      Graphics2D g, String title, List<Group> groups, int x, int y, int width, int height,
      ToDoubleFunction<ServerRun.Figures> value, boolean lowerIsBetter) {
    g.setColor(TEXT);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
    g.drawString(title, x, y + 16);
    int axisLeft = x + 70;
    int top = y + 50;
    int bottom = y + height - 50;
    int right = x + width;

    double min = Double.MAX_VALUE;
    double max = 0;
    for (Group group : groups) {
      for (ServerRun.Figures f : new ServerRun.Figures[] {group.floe(), group.reference(), group.floeOpa()}) {
        double v = f == null ? Double.NaN : value.applyAsDouble(f);
        if (v > 0 && !Double.isInfinite(v)) {
          min = Math.min(min, v);
          max = Math.max(max, v);
        }
      }
    }
    if (max == 0) {
      return;
    }
    int lowDecade = (int) Math.floor(Math.log10(min));
    int highDecade = (int) Math.ceil(Math.log10(max));
    if (highDecade == lowDecade) {
      highDecade++;
    }
    double span = highDecade - lowDecade;
    int plotHeight = bottom - top;

    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
    FontMetrics metrics = g.getFontMetrics();
    for (int d = lowDecade; d <= highDecade; d++) {
      int gy = bottom - (int) Math.round((d - lowDecade) / span * plotHeight);
      g.setColor(GRID);
      g.setStroke(new BasicStroke(1f));
      g.drawLine(axisLeft, gy, right, gy);
      g.setColor(TEXT);
      String label = axisLabel(Math.pow(10, d));
      g.drawString(label, axisLeft - 8 - metrics.stringWidth(label), gy + 5);
    }
    g.setColor(TEXT);
    g.drawLine(axisLeft, top, axisLeft, bottom);
    g.drawLine(axisLeft, bottom, right, bottom);

    int groupWidth = (right - axisLeft) / Math.max(1, groups.size());
    int barWidth = Math.min(56, (groupWidth - 30) / 2);
    int opaWidth = Math.min(40, (groupWidth - 30) / 3);
    for (int i = 0; i < groups.size(); i++) {
      Group group = groups.get(i);
      double floe = group.floe() == null ? Double.NaN : value.applyAsDouble(group.floe());
      double reference = group.reference() == null ? Double.NaN : value.applyAsDouble(group.reference());
      if (group.floeOpa() == null) {
        int gx = axisLeft + i * groupWidth + (groupWidth - 2 * barWidth - 6) / 2;
        bar(g, gx, barWidth, floe, FLOE, bottom, plotHeight, lowDecade, span, disturbed(group.floe()));
        bar(g, gx + barWidth + 6, barWidth, reference, REFERENCE, bottom, plotHeight, lowDecade, span,
            disturbed(group.reference()));
      } else {
        // Floe, Floe with OPA, reference
        int gx = axisLeft + i * groupWidth + (groupWidth - 3 * opaWidth - 8) / 2;
        double opa = value.applyAsDouble(group.floeOpa());
        bar(g, gx, opaWidth, floe, FLOE, bottom, plotHeight, lowDecade, span, disturbed(group.floe()));
        bar(g, gx + opaWidth + 4, opaWidth, opa, FLOE_OPA, bottom, plotHeight, lowDecade, span, disturbed(group.floeOpa()));
        bar(g, gx + 2 * opaWidth + 8, opaWidth, reference, REFERENCE, bottom, plotHeight, lowDecade, span,
            disturbed(group.reference()));
      }
      // ratio
      double ratio = Report.ratio(floe, reference);
      if (!Double.isNaN(ratio)) {
        boolean better = lowerIsBetter ? ratio < 1 : ratio > 1;
        g.setColor(Math.abs(ratio - 1) < 0.05 ? Color.GRAY : better ? PASS : FAIL);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 15));
        String text = Report.fmtRatio(ratio);
        int center = axisLeft + i * groupWidth + groupWidth / 2;
        g.drawString(text, center - g.getFontMetrics().stringWidth(text) / 2, top - 8);
      }
      // label
      g.setColor(TEXT);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 13));
      String[] lines = group.label().split("\n");
      int center = axisLeft + i * groupWidth + groupWidth / 2;
      for (int l = 0; l < lines.length; l++) {
        g.drawString(lines[l], center - g.getFontMetrics().stringWidth(lines[l]) / 2, bottom + 18 + l * 16);
      }
    }
  }

  private static boolean disturbed(ServerRun.Figures figures) {
    return figures != null && figures.otherCpuPercent() > Suite.NOISY_PERCENT;
  }

  private static void bar(
      Graphics2D g, int x, int width, double value, Color color, int bottom, int plotHeight, int lowDecade, double span,
      boolean disturbed) {
    if (Double.isNaN(value) || value <= 0) {
      g.setColor(Color.GRAY);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
      g.drawString("n/a", x + width / 2 - 9, bottom - 4);
      return;
    }
    double fraction = (Math.log10(value) - lowDecade) / span;
    int h = Math.max(2, (int) Math.round(fraction * plotHeight));
    g.setColor(color);
    g.fillRect(x, bottom - h, width, h);
    g.setColor(TEXT);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    String text = compact(value) + (disturbed ? "*" : "");
    g.drawString(text, x + width / 2 - g.getFontMetrics().stringWidth(text) / 2, bottom - h - 4);
  }

  private static void processPanel(Graphics2D g, Report report, int x, int y, int width, int height) {
    g.setColor(TEXT);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
    g.drawString("Process (lower is better)", x, y + 16);
    ServerRun floe = report.floe();
    ServerRun ref = report.reference();
    String[] labels = {"ready (s)", "idle RSS (MiB)", "peak RSS, reads (MiB)", "VmHWM (MiB)"};
    double[][] values = {
      {floe == null ? Double.NaN : floe.readySeconds, ref == null ? Double.NaN : ref.readySeconds},
      {Report.mib(floe == null ? -1 : floe.idleRssKib), Report.mib(ref == null ? -1 : ref.idleRssKib)},
      {Report.mib(floe == null ? -1 : floe.peakRssUnderLoadKib), Report.mib(ref == null ? -1 : ref.peakRssUnderLoadKib)},
      {Report.mib(floe == null ? -1 : floe.peakRssLifetimeKib), Report.mib(ref == null ? -1 : ref.peakRssLifetimeKib)},
    };
    int rowHeight = (height - 40) / labels.length;
    int barLeft = x + 190;
    int barMax = width - 190 - 150;
    for (int i = 0; i < labels.length; i++) {
      int ry = y + 34 + i * rowHeight;
      double maxValue = Math.max(nan0(values[i][0]), nan0(values[i][1]));
      g.setColor(TEXT);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
      g.drawString(labels[i], x, ry + rowHeight / 2 + 2);
      for (int s = 0; s < 2; s++) {
        double v = values[i][s];
        int by = ry + s * (rowHeight / 2 - 2);
        int bh = rowHeight / 2 - 5;
        if (!Double.isNaN(v) && maxValue > 0) {
          int w = Math.max(2, (int) Math.round(v / maxValue * barMax));
          g.setColor(s == 0 ? FLOE : REFERENCE);
          g.fillRect(barLeft, by, w, bh);
          g.setColor(TEXT);
          g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
          g.drawString(String.format(Locale.ROOT, i == 0 ? "%.2f" : "%.0f", v), barLeft + w + 6, by + bh - 2);
        }
      }
      double ratio = Report.ratio(values[i][0], values[i][1]);
      if (!Double.isNaN(ratio)) {
        g.setColor(Math.abs(ratio - 1) < 0.05 ? Color.GRAY : ratio < 1 ? PASS : FAIL);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
        g.drawString(Report.fmtRatio(ratio), x + width - 60, ry + rowHeight / 2 + 2);
      }
    }
  }

  private static void targetsPanel(Graphics2D g, Report report, int x, int y, int width, int height) {
    g.setColor(TEXT);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 18));
    g.drawString("Floe's targets", x, y + 16);
    int line = y + 44;
    for (Report.Target target : report.targets) {
      boolean met = Boolean.TRUE.equals(target.met());
      g.setColor(met ? PASS : FAIL);
      g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
      g.drawString(met ? "MET" : "MISSED", x, line);
      g.setColor(TEXT);
      g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 14));
      String text = target.name() + " " + target.goal() + ": " + target.measured();
      while (g.getFontMetrics().stringWidth(text) > width - 80 && text.length() > 10) {
        text = text.substring(0, text.length() - 4) + "...";
      }
      g.drawString(text, x + 70, line);
      line += 27;
    }
  }

  private static double nan0(double value) {
    return Double.isNaN(value) ? 0 : value;
  }

  private static String axisLabel(double value) {
    if (value >= 1_000_000) {
      return String.format(Locale.ROOT, "%.0fM", value / 1_000_000);
    }
    if (value >= 1000) {
      return String.format(Locale.ROOT, "%.0fk", value / 1000);
    }
    if (value >= 1) {
      return String.format(Locale.ROOT, "%.0f", value);
    }
    return String.format(Locale.ROOT, "%s", value);
  }

  static String compact(double value) {
    if (value >= 10_000) {
      return String.format(Locale.ROOT, "%.1fk", value / 1000);
    }
    if (value >= 100) {
      return String.format(Locale.ROOT, "%.0f", value);
    }
    if (value >= 10) {
      return String.format(Locale.ROOT, "%.1f", value);
    }
    return String.format(Locale.ROOT, "%.2f", value);
  }
}
