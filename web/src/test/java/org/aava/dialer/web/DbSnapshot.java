package org.aava.dialer.web;

import org.sqlite.SQLiteConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything stored, as comparable text: every row of every table of the SQLite file (read through a
 * read-only connection, so taking the snapshot cannot change it) plus the files beside it (uploads,
 * error CSVs). Two equal snapshots mean nothing stored changed in between.
 */
final class DbSnapshot {
    private DbSnapshot() {
    }

    static Map<String, List<String>> of(Path db, Path dataDir) throws SQLException, IOException {
        Map<String, List<String>> out = new TreeMap<>();
        SQLiteConfig config = new SQLiteConfig();
        config.setReadOnly(true);
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db, config.toProperties());
             Statement st = c.createStatement()) {
            List<String> tables = new ArrayList<>();
            // The name index is derived from outbound_leads (compared here) and filled in the background, so it
            // may move on between two snapshots by itself.
            try (ResultSet rs = st.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_stat%'"
                    + " AND name NOT LIKE 'lead_name_fts%' AND name <> 'name_index_progress'")) {
                while (rs.next()) tables.add(rs.getString(1));
            }
            for (String t : tables) {
                List<String> rows = new ArrayList<>();
                try (ResultSet rs = st.executeQuery("SELECT * FROM \"" + t.replace("\"", "\"\"") + "\"")) {
                    int n = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        StringBuilder row = new StringBuilder();
                        for (int i = 1; i <= n; i++) row.append(rs.getMetaData().getColumnName(i)).append('=').append(rs.getString(i)).append(" | ");
                        rows.add(row.toString());
                    }
                }
                rows.sort(null);
                out.put("table " + t, rows);
            }
        }
        List<String> files = new ArrayList<>();
        try (var walk = Files.walk(dataDir)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                String name = dataDir.relativize(p).toString();
                if (name.startsWith(db.getFileName().toString())) continue; // the database itself (and its -wal, -shm)
                files.add(name + " " + Files.size(p));
            }
        }
        files.sort(null);
        out.put("files", files);
        return out;
    }
}
