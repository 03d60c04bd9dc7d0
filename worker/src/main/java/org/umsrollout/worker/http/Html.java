package org.umsrollout.worker.http;

/** The little HTML the pages need: escaping and the frame every page shares. */
final class Html {
  private Html() {}

  static final String STYLE =
      """
      body{font-family:system-ui,sans-serif;margin:1.5em;color:#222}
      table{border-collapse:collapse;margin:.5em 0}
      th,td{border:1px solid #ccc;padding:.3em .6em;text-align:left}
      th{background:#f3f3f3}
      .banner{padding:.6em 1em;margin:.5em 0;border-radius:4px}
      .freeze{background:#fde2e1;border:1px solid #e0807a}
      .alert{font-weight:bold}
      .ponr{background:#fff4d6;border:1px solid #e3c25a}
      .held{background:#e8eefc;border:1px solid #8aa4e0}
      .hosts{display:flex;flex-wrap:wrap;gap:.5em}
      .host{border:1px solid #bbb;border-radius:4px;padding:.5em;min-width:11em;max-width:19em}
      #timeline td:first-child{white-space:nowrap}
      .host.local-copy{background:#fde2e1;border:2px solid #c0392b}
      .host .name{font-weight:bold}
      .state-UPDATED{color:#1e7b34}.state-FAILED{color:#c0392b}.state-INSTALLING{color:#b36b00}
      .gate-OPEN{background:#fff4d6}
      form.inline{display:inline}
      .who{float:right;color:#666}
      """;

  static String escape(Object value) {
    if (value == null) {
      return "";
    }
    String text = value.toString();
    StringBuilder out = new StringBuilder(text.length());
    for (char c : text.toCharArray()) {
      switch (c) {
        case '<' -> out.append("&lt;");
        case '>' -> out.append("&gt;");
        case '&' -> out.append("&amp;");
        case '"' -> out.append("&quot;");
        case '\'' -> out.append("&#39;");
        default -> out.append(c);
      }
    }
    return out.toString();
  }

  /** A whole page; {@code refreshSeconds} 0 for none. */
  static String page(String title, String operator, int refreshSeconds, String body) {
    return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        + (refreshSeconds > 0
            ? "<meta http-equiv=\"refresh\" content=\"" + refreshSeconds + "\">"
            : "")
        + "<title>"
        + escape(title)
        + "</title><style>"
        + STYLE
        + "</style></head><body><div class=\"who\">"
        + (operator == null ? "not signed in: read-only" : "signed in as " + escape(operator))
        + "</div>"
        + body
        + "</body></html>\n";
  }
}
