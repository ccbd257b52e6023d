package dev.fromzero.sql.storage;

import dev.fromzero.sql.types.DataType;
import dev.fromzero.sql.types.Value;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A table's schema as the catalog stores it. {@link DataOutputStream}'s primitives, in order:
 *
 * <pre>
 *   byte      format version, 1
 *   UTF       table name
 *   int       column count, then per column:
 *               UTF name, UTF type name (e.g. "INTEGER"), boolean nullable, boolean unique,
 *               int length + bytes: the DEFAULT as a one-column row (RowCodec)
 *   int       primary-key column count, then each name as UTF
 *   int       index count, then per index (format version 2 on; version 1 has no indexes):
 *               UTF name, boolean unique, int column count, then per column:
 *                 UTF name, boolean descending (format version 3 on; versions 1 and 2 read as ASC)
 * </pre>
 *
 * A type is stored by name, not by its enum ordinal, so that adding a type never reads old
 * schemas wrong.
 */
final class SchemaCodec {

    private static final int VERSION = 3;

    private SchemaCodec() {
    }

    static byte[] encode(TableSchema schema) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(VERSION);
            out.writeUTF(schema.name());
            out.writeInt(schema.columns().size());
            for (ColumnDef column : schema.columns()) {
                out.writeUTF(column.name());
                out.writeUTF(column.type().name());
                out.writeBoolean(column.nullable());
                out.writeBoolean(column.unique());
                byte[] defaultValue = RowCodec.encode(List.of(column.defaultValue()), List.of(column.type()));
                out.writeInt(defaultValue.length);
                out.write(defaultValue);
            }
            out.writeInt(schema.primaryKey().size());
            for (String name : schema.primaryKey()) {
                out.writeUTF(name);
            }
            out.writeInt(schema.indexes().size());
            for (IndexDef index : schema.indexes()) {
                out.writeUTF(index.name());
                out.writeBoolean(index.unique());
                out.writeInt(index.columns().size());
                for (int c = 0; c < index.columns().size(); c++) {
                    out.writeUTF(index.columns().get(c));
                    out.writeBoolean(index.isDescending(c));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** @throws IllegalArgumentException if the bytes are not a schema this version wrote */
    static TableSchema decode(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            int version = in.readUnsignedByte();
            if (version < 1 || version > VERSION) {
                throw new IllegalArgumentException("a table schema of format version " + version + "; this engine reads "
                        + "1 to " + VERSION);
            }
            String name = in.readUTF();
            int count = in.readInt();
            List<ColumnDef> columns = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String column = in.readUTF();
                DataType type = DataType.valueOf(in.readUTF());
                boolean nullable = in.readBoolean();
                boolean unique = in.readBoolean();
                byte[] defaultValue = new byte[in.readInt()];
                in.readFully(defaultValue);
                Value value = RowCodec.decode(defaultValue, List.of(type)).get(0);
                columns.add(new ColumnDef(column, type, nullable, value, unique));
            }
            int keyCount = in.readInt();
            List<String> key = new ArrayList<>();
            for (int i = 0; i < keyCount; i++) {
                key.add(in.readUTF());
            }
            List<IndexDef> indexes = new ArrayList<>();
            int indexCount = version == 1 ? 0 : in.readInt();
            for (int i = 0; i < indexCount; i++) {
                String index = in.readUTF();
                boolean unique = in.readBoolean();
                int width = in.readInt();
                List<String> indexed = new ArrayList<>();
                List<Boolean> descending = new ArrayList<>();
                for (int c = 0; c < width; c++) {
                    indexed.add(in.readUTF());
                    descending.add(version >= 3 && in.readBoolean());
                }
                indexes.add(new IndexDef(index, indexed, unique, descending));
            }
            if (in.available() != 0) {
                throw new IllegalArgumentException("a table schema with " + in.available() + " bytes left over");
            }
            return new TableSchema(name, columns, key, indexes);
        } catch (IOException e) {
            throw new IllegalArgumentException("a truncated table schema: " + e, e);
        }
    }
}
