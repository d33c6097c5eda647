package org.aava.dialer.web;

import org.dhatim.fastexcel.reader.Cell;
import org.dhatim.fastexcel.reader.ReadableWorkbook;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.Stream;

/**
 * The first sheet of an XLSX workbook as rows, streamed (fastexcel-reader): the first non-empty row is the
 * header, empty rows are skipped as in CSV. A number cell is read as written (15551234567, not 1.5551234567E10),
 * so phone numbers typed as numbers still import.
 */
final class XlsxRowSource implements RowSource {
    private final ReadableWorkbook workbook;
    private final Stream<org.dhatim.fastexcel.reader.Row> stream;
    private final Iterator<org.dhatim.fastexcel.reader.Row> rows;
    private final List<String> header;
    /** The sheet's last row number (its {@code <dimension>}, or counted), or -1 when not known. */
    private final long lastRow;
    /** The number of the row read last, for {@link #fractionRead()} (read by another thread). */
    private volatile long rowRead;

    XlsxRowSource(Path file) {
        try {
            this.workbook = new ReadableWorkbook(file.toFile());
            this.lastRow = SheetSize.lastRow(file, workbook.getFirstSheet().getId());
            this.stream = workbook.getFirstSheet().openStream();
            this.rows = stream.iterator();
        } catch (IOException | RuntimeException e) {
            throw ApiException.badRequest("unreadable XLSX file: " + LeadImporter.rootMessage(e), "file");
        }
        List<String> h = null;
        try {
            while (h == null && rows.hasNext()) {
                List<String> values = values(rows.next());
                if (values.stream().anyMatch(v -> !v.isBlank())) h = values;
            }
        } catch (RuntimeException e) {
            close();
            throw ApiException.badRequest("unreadable XLSX header: " + LeadImporter.rootMessage(e), "file");
        }
        if (h == null) {
            close();
            throw ApiException.badRequest("the XLSX file's first sheet is empty", "file");
        }
        this.header = h;
    }

    @Override
    public List<String> header() {
        return header;
    }

    @Override
    public Row next() {
        try {
            while (rows.hasNext()) {
                org.dhatim.fastexcel.reader.Row r = rows.next();
                List<String> values = values(r);
                rowRead = r.getRowNum();
                if (values.stream().allMatch(String::isBlank)) continue;
                return new Row(r.getRowNum(), values);
            }
            rowRead = Math.max(rowRead, lastRow);
            return null;
        } catch (RuntimeException e) {
            throw new Unreadable("unreadable XLSX: " + LeadImporter.rootMessage(e), e);
        }
    }

    private static List<String> values(org.dhatim.fastexcel.reader.Row r) {
        List<String> out = new ArrayList<>(r.getCellCount());
        for (int i = 0; i < r.getCellCount(); i++) out.add(text(r.getCell(i)));
        while (!out.isEmpty() && out.getLast().isEmpty()) out.removeLast();
        return out;
    }

    private static String text(Cell c) {
        if (c == null || c.getRawValue() == null) return "";
        return switch (c.getType()) {
            case NUMBER -> {
                BigDecimal n = c.asNumber();
                yield n == null ? "" : n.stripTrailingZeros().toPlainString();
            }
            case STRING, FORMULA, BOOLEAN, ERROR, EMPTY -> c.getText() == null ? "" : c.getText().strip();
        };
    }

    @Override
    public String format() {
        return "xlsx";
    }

    /** How far through the sheet the rows read are (0..1): the row number read last against the sheet's last row; -1 if unknown. */
    @Override
    public double fractionRead() {
        if (lastRow <= 0) return -1;
        return Math.min(1, rowRead / (double) lastRow);
    }

    @Override
    public void close() {
        try {
            if (stream != null) stream.close();
            workbook.close();
        } catch (IOException | RuntimeException ignored) {
            // a spooled upload, deleted by the caller
        }
    }
}
