package dev.reelrank.eventarchive;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.io.api.Binary;
import org.apache.parquet.io.api.RecordConsumer;

/** Writes {@link ArchiveTable#toRow} arrays as Parquet records of that table's schema. */
final class RowWriteSupport extends WriteSupport<Object[]> {
    private final ArchiveTable table;
    private final Map<String, String> metadata;
    private RecordConsumer out;

    RowWriteSupport(ArchiveTable table, Map<String, String> metadata) {
        this.table = table;
        this.metadata = Map.copyOf(metadata);
    }

    @Override
    public WriteContext init(ParquetConfiguration configuration) {
        return new WriteContext(table.schema, metadata);
    }

    /** Hadoop's entry point; never called here (the writer is built with a ParquetConfiguration). */
    @Override
    public WriteContext init(Configuration configuration) {
        return new WriteContext(table.schema, metadata);
    }

    @Override
    public void prepareForWrite(RecordConsumer recordConsumer) {
        this.out = recordConsumer;
    }

    @Override
    public void write(Object[] row) {
        var columns = table.columns;
        if (row.length != columns.size())
            throw new IllegalArgumentException("a " + table.folder + " row has " + columns.size() + " values, got " + row.length);
        out.startMessage();
        for (int i = 0; i < row.length; i++) {
            Column c = columns.get(i);
            Object v = row[i];
            if (v == null) {
                if (c.required()) throw new IllegalArgumentException(table.folder + "." + c.name() + " is required");
                continue;
            }
            out.startField(c.name(), i);
            switch (c.kind()) {
                case STRING -> out.addBinary(Binary.fromString((String) v));
                case INT -> out.addInteger((Integer) v);
                case LONG -> out.addLong((Long) v);
                case DOUBLE -> out.addDouble((Double) v);
                case TIMESTAMP -> out.addLong(micros((Instant) v));
                case STRING_LIST -> writeList((List<?>) v);
            }
            out.endField(c.name(), i);
        }
        out.endMessage();
    }

    private void writeList(List<?> values) {
        out.startGroup();
        if (!values.isEmpty()) {
            out.startField("list", 0);
            for (Object element : values) {
                out.startGroup();
                if (element != null) {
                    out.startField("element", 0);
                    out.addBinary(Binary.fromString((String) element));
                    out.endField("element", 0);
                }
                out.endGroup();
            }
            out.endField("list", 0);
        }
        out.endGroup();
    }

    static long micros(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000L), t.getNano() / 1_000);
    }
}
