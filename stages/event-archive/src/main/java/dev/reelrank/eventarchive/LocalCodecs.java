package dev.reelrank.eventarchive;

import com.github.luben.zstd.Zstd;
import java.io.IOException;
import org.apache.parquet.bytes.BytesInput;
import org.apache.parquet.compression.CompressionCodecFactory;
import org.apache.parquet.hadoop.metadata.CompressionCodecName;
import org.xerial.snappy.Snappy;

/**
 * Parquet page compression without Hadoop's codec classes: parquet-hadoop's own factory loads
 * Hadoop's {@code ZlibCompressor} even for ZSTD, so we compress with zstd-jni and snappy-java
 * directly. Writing only: the archiver never reads Parquet.
 */
final class LocalCodecs implements CompressionCodecFactory {
    private final int zstdLevel;

    LocalCodecs(int zstdLevel) {
        this.zstdLevel = zstdLevel;
    }

    @Override
    public BytesInputCompressor getCompressor(CompressionCodecName codec) {
        return switch (codec) {
            case UNCOMPRESSED -> compressor(codec, bytes -> bytes);
            case ZSTD -> compressor(codec, bytes -> Zstd.compress(bytes, zstdLevel));
            case SNAPPY -> compressor(codec, Snappy::compress);
            default -> throw new IllegalArgumentException("unsupported archive compression " + codec + " (use zstd, snappy or none)");
        };
    }

    @Override
    public BytesInputDecompressor getDecompressor(CompressionCodecName codec) {
        throw new UnsupportedOperationException("the archiver only writes Parquet");
    }

    @Override
    public void release() {}

    private interface ByteTransform {
        byte[] apply(byte[] in) throws IOException;
    }

    private static BytesInputCompressor compressor(CompressionCodecName codec, ByteTransform transform) {
        return new BytesInputCompressor() {
            @Override
            public BytesInput compress(BytesInput bytes) throws IOException {
                return BytesInput.from(transform.apply(bytes.toByteArray()));
            }

            @Override
            public CompressionCodecName getCodecName() {
                return codec;
            }

            @Override
            public void release() {}
        };
    }
}
