package org.aava.dialer.web;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * How many rows a workbook's sheet has, for an import's progress bar: the sheet's {@code <dimension ref="A1:G300001"/>}
 * when the writer put one there, otherwise the {@code <row} elements counted in one pass over the sheet's XML (no
 * parsing, a few hundred MB/s). Never fails an import: -1 when the sheet cannot be found.
 */
final class SheetSize {
    private static final Pattern REL = Pattern.compile("<Relationship\\b[^>]*>");
    private static final Pattern ATTR = Pattern.compile("\\b(Id|Target)=\"([^\"]*)\"");
    private static final Pattern DIMENSION = Pattern.compile("<(?:\\w+:)?dimension\\b[^>]*\\bref=\"[A-Z]*\\d+(?::[A-Z]*(\\d+))?\"");

    private SheetSize() {
    }

    /** The last row number of the sheet whose relationship id is {@code sheetRelId}, or -1. */
    static long lastRow(Path xlsx, String sheetRelId) {
        try (ZipFile zip = new ZipFile(xlsx.toFile())) {
            ZipEntry sheet = zip.getEntry(sheetPart(zip, sheetRelId));
            if (sheet == null) return -1;
            long dimension = dimension(zip, sheet);
            return dimension > 1 ? dimension : countRows(zip, sheet);
        } catch (IOException | RuntimeException e) {
            return -1;
        }
    }

    private static String sheetPart(ZipFile zip, String relId) throws IOException {
        ZipEntry rels = zip.getEntry("xl/_rels/workbook.xml.rels");
        if (rels != null && relId != null) {
            String xml;
            try (InputStream in = zip.getInputStream(rels)) {
                xml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Matcher m = REL.matcher(xml);
            while (m.find()) {
                String id = null, target = null;
                Matcher a = ATTR.matcher(m.group());
                while (a.find()) {
                    if (a.group(1).equals("Id")) id = a.group(2); else target = a.group(2);
                }
                if (relId.equals(id) && target != null) return target.startsWith("/") ? target.substring(1) : "xl/" + target;
            }
        }
        return "xl/worksheets/sheet1.xml";
    }

    /** The dimension sits before the rows: the first 8 KiB of the sheet hold it if it is there. */
    private static long dimension(ZipFile zip, ZipEntry sheet) throws IOException {
        byte[] head;
        try (InputStream in = zip.getInputStream(sheet)) {
            head = in.readNBytes(8192);
        }
        Matcher m = DIMENSION.matcher(new String(head, StandardCharsets.UTF_8));
        if (!m.find() || m.group(1) == null) return -1;
        return Long.parseLong(m.group(1));
    }

    /** {@code <row} or {@code <x:row} followed by a space or '>' (not {@code <rowBreaks}). */
    private static long countRows(ZipFile zip, ZipEntry sheet) throws IOException {
        long rows = 0;
        byte[] buf = new byte[1 << 16];
        int state = 0; // 0: outside; 1: after '<'; 2: in a prefix; 3..5: matched "r", "ro", "row"
        try (InputStream in = zip.getInputStream(sheet)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                for (int i = 0; i < n; i++) {
                    byte b = buf[i];
                    state = switch (state) {
                        case 1 -> b == 'r' ? 3 : Character.isLetter(b) ? 2 : b == '<' ? 1 : 0;
                        case 2 -> b == ':' ? 6 : Character.isLetterOrDigit(b) ? 2 : b == '<' ? 1 : 0;
                        case 6 -> b == 'r' ? 3 : b == '<' ? 1 : 0;
                        case 3 -> b == 'o' ? 4 : b == ':' ? 6 : Character.isLetterOrDigit(b) ? 2 : b == '<' ? 1 : 0;
                        case 4 -> b == 'w' ? 5 : b == ':' ? 6 : Character.isLetterOrDigit(b) ? 2 : b == '<' ? 1 : 0;
                        case 5 -> {
                            if (b == ' ' || b == '>' || b == '\t' || b == '\n' || b == '\r' || b == '/') rows++;
                            yield b == ':' ? 6 : b == '<' ? 1 : 0;
                        }
                        default -> b == '<' ? 1 : 0;
                    };
                }
            }
        }
        return rows == 0 ? -1 : rows;
    }
}
