package dev.reelrank.eventarchive;

import java.util.List;
import org.apache.parquet.schema.LogicalTypeAnnotation;
import org.apache.parquet.schema.LogicalTypeAnnotation.TimeUnit;
import org.apache.parquet.schema.MessageType;
import org.apache.parquet.schema.PrimitiveType.PrimitiveTypeName;
import org.apache.parquet.schema.Type;
import org.apache.parquet.schema.Types;

/**
 * One column of an archive table. The kinds are the few that every reader (Spark, DuckDB,
 * pandas/pyarrow) maps to a native type without options: UTF-8 strings, 32/64-bit integers,
 * doubles, UTC timestamps in microseconds and lists of strings.
 */
public record Column(String name, Kind kind, boolean required, String doc) {
    public enum Kind { STRING, INT, LONG, DOUBLE, TIMESTAMP, STRING_LIST }

    public static Column required(String name, Kind kind, String doc) {
        return new Column(name, kind, true, doc);
    }

    public static Column optional(String name, Kind kind, String doc) {
        return new Column(name, kind, false, doc);
    }

    Type parquetType() {
        var repetition = required ? Type.Repetition.REQUIRED : Type.Repetition.OPTIONAL;
        return switch (kind) {
            case STRING -> Types.primitive(PrimitiveTypeName.BINARY, repetition)
                    .as(LogicalTypeAnnotation.stringType()).named(name);
            case INT -> Types.primitive(PrimitiveTypeName.INT32, repetition).named(name);
            case LONG -> Types.primitive(PrimitiveTypeName.INT64, repetition).named(name);
            case DOUBLE -> Types.primitive(PrimitiveTypeName.DOUBLE, repetition).named(name);
            // isAdjustedToUTC=true: Spark reads TimestampType, DuckDB TIMESTAMPTZ, pandas datetime64[us, UTC].
            case TIMESTAMP -> Types.primitive(PrimitiveTypeName.INT64, repetition)
                    .as(LogicalTypeAnnotation.timestampType(true, TimeUnit.MICROS)).named(name);
            // The standard three-level LIST layout, the only one all three readers agree on.
            case STRING_LIST -> Types.list(repetition)
                    .optionalElement(PrimitiveTypeName.BINARY).as(LogicalTypeAnnotation.stringType())
                    .named(name);
        };
    }

    static MessageType schema(String name, List<Column> columns) {
        return new MessageType(name, columns.stream().map(Column::parquetType).toList());
    }
}
