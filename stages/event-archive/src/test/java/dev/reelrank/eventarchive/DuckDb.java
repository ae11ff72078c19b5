package dev.reelrank.eventarchive;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** DuckDB in memory: the "second reader" that proves the files are standard Parquet. */
final class DuckDb implements AutoCloseable {
    private final Connection connection;

    DuckDb() throws SQLException {
        var props = new Properties();
        // DuckDB takes 80% of RAM by default; this box is shared.
        props.setProperty("memory_limit", "512MB");
        props.setProperty("threads", "2");
        this.connection = DriverManager.getConnection("jdbc:duckdb:", props);
    }

    /** SQL for all files of one table, with the Hive-style {@code date} column. */
    static String table(Path root, ArchiveTable table) {
        return "read_parquet('" + root.resolve(table.folder) + "/**/*.parquet', hive_partitioning = true)";
    }

    List<List<Object>> query(String sql) throws SQLException {
        try (var st = connection.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            var rows = new ArrayList<List<Object>>();
            while (rs.next()) {
                var row = new ArrayList<Object>(n);
                for (int i = 1; i <= n; i++) row.add(rs.getObject(i));
                rows.add(row);
            }
            return rows;
        }
    }

    long count(String sql) throws SQLException {
        return ((Number) query(sql).getFirst().getFirst()).longValue();
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
