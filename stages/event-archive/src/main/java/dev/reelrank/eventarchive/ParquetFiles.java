package dev.reelrank.eventarchive;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.hadoop.conf.Configuration;
import org.apache.parquet.conf.ParquetConfiguration;
import org.apache.parquet.conf.PlainParquetConfiguration;
import org.apache.parquet.hadoop.ParquetFileWriter;
import org.apache.parquet.hadoop.ParquetWriter;
import org.apache.parquet.hadoop.api.WriteSupport;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.apache.parquet.io.LocalOutputFile;
import org.apache.parquet.io.OutputFile;

/**
 * Writes one complete Parquet file per call.
 *
 * <p>Why parquet-java (parquet-hadoop) and not DuckDB or Arrow, measured in
 * shared/notes/platform-facts.md: it is pure Java on a small classpath (no 77 MiB native DuckDB
 * jar in a function that should start fast), it writes standard files Spark, DuckDB and pandas
 * read as they are, and through {@link LocalOutputFile} + {@link PlainParquetConfiguration} +
 * {@link LocalCodecs} it needs no Hadoop class at run time. Arrow's dataset writer needed
 * --add-opens, has no compression option and corrupted data when buffers were reused.
 *
 * <p>A Parquet file is readable only once closed (the footer comes last) and the writer has no
 * flush, so each flush of the archiver closes one file: small files are the price of a short
 * "accepted → archived" delay, and a compaction job may merge them later.
 */
public final class ParquetFiles {
    private final CompressionCodecName codec;
    private final LocalCodecs codecs;
    private final int rowGroupBytes;

    /**
     * @param compression   zstd (default: the smallest files at a cheap CPU cost), snappy or none
     * @param zstdLevel     1–19; 3 is zstd's own default
     * @param rowGroupBytes target row-group size; files are small, so usually one group per file
     */
    public ParquetFiles(String compression, int zstdLevel, int rowGroupBytes) {
        this.codec = switch (compression.toLowerCase(Locale.ROOT)) {
            case "zstd" -> CompressionCodecName.ZSTD;
            case "snappy" -> CompressionCodecName.SNAPPY;
            case "none", "uncompressed" -> CompressionCodecName.UNCOMPRESSED;
            default -> throw new IllegalArgumentException("reelrank.archive.compression must be zstd, snappy or none, not " + compression);
        };
        this.codecs = new LocalCodecs(zstdLevel);
        this.rowGroupBytes = rowGroupBytes;
    }

    /** Writes {@code rows} to {@code file} (replacing it) and closes it; not yet fsynced. */
    public void write(Path file, ArchiveTable table, List<Object[]> rows, Map<String, String> metadata) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (ParquetWriter<Object[]> writer = new Builder(new LocalOutputFile(file), table, metadata)
                .withConf(new PlainParquetConfiguration())
                .withCodecFactory(codecs)
                .withCompressionCodec(codec)
                .withWriteMode(ParquetFileWriter.Mode.OVERWRITE)
                .withRowGroupSize((long) rowGroupBytes)
                .withDictionaryEncoding(true)
                .build()) {
            for (Object[] row : rows) writer.write(row);
        }
    }

    private static final class Builder extends ParquetWriter.Builder<Object[], Builder> {
        private final ArchiveTable table;
        private final Map<String, String> metadata;

        Builder(OutputFile file, ArchiveTable table, Map<String, String> metadata) {
            super(file);
            this.table = table;
            this.metadata = metadata;
        }

        @Override
        protected Builder self() {
            return this;
        }

        @Override
        protected WriteSupport<Object[]> getWriteSupport(ParquetConfiguration conf) {
            return new RowWriteSupport(table, metadata);
        }

        @Override
        protected WriteSupport<Object[]> getWriteSupport(Configuration conf) {
            return new RowWriteSupport(table, metadata);
        }
    }
}
