package dev.fromzero.sql.jdbc;

import java.io.InputStream;
import java.io.Reader;
import java.net.URL;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.Calendar;

/**
 * The parts of {@link PreparedStatement} the driver does not support, each throwing
 * {@link SQLFeatureNotSupportedException} as JDBC asks, so that the class that does the work
 * holds only what works. Generated from the interface; extend it only by removing what gets supported.
 */
abstract class PreparedStatementStubs extends JdbcStatement implements PreparedStatement {

    PreparedStatementStubs(JdbcConnection connection) {
        super(connection);
    }

    @Override public ParameterMetaData getParameterMetaData() throws SQLException { throw unsupported("getParameterMetaData"); }
    @Override public void setArray(int a0, Array a1) throws SQLException { throw unsupported("setArray"); }
    @Override public void setAsciiStream(int a0, InputStream a1, int a2) throws SQLException { throw unsupported("setAsciiStream"); }
    @Override public void setAsciiStream(int a0, InputStream a1, long a2) throws SQLException { throw unsupported("setAsciiStream"); }
    @Override public void setAsciiStream(int a0, InputStream a1) throws SQLException { throw unsupported("setAsciiStream"); }
    @Override public void setBinaryStream(int a0, InputStream a1, int a2) throws SQLException { throw unsupported("setBinaryStream"); }
    @Override public void setBinaryStream(int a0, InputStream a1, long a2) throws SQLException { throw unsupported("setBinaryStream"); }
    @Override public void setBinaryStream(int a0, InputStream a1) throws SQLException { throw unsupported("setBinaryStream"); }
    @Override public void setBlob(int a0, InputStream a1, long a2) throws SQLException { throw unsupported("setBlob"); }
    @Override public void setBlob(int a0, InputStream a1) throws SQLException { throw unsupported("setBlob"); }
    @Override public void setBlob(int a0, Blob a1) throws SQLException { throw unsupported("setBlob"); }
    @Override public void setBytes(int a0, byte[] a1) throws SQLException { throw unsupported("setBytes"); }
    @Override public void setCharacterStream(int a0, Reader a1, int a2) throws SQLException { throw unsupported("setCharacterStream"); }
    @Override public void setCharacterStream(int a0, Reader a1, long a2) throws SQLException { throw unsupported("setCharacterStream"); }
    @Override public void setCharacterStream(int a0, Reader a1) throws SQLException { throw unsupported("setCharacterStream"); }
    @Override public void setClob(int a0, Reader a1, long a2) throws SQLException { throw unsupported("setClob"); }
    @Override public void setClob(int a0, Reader a1) throws SQLException { throw unsupported("setClob"); }
    @Override public void setClob(int a0, Clob a1) throws SQLException { throw unsupported("setClob"); }
    @Override public void setDate(int a0, Date a1, Calendar a2) throws SQLException { throw unsupported("setDate"); }
    @Override public void setDate(int a0, Date a1) throws SQLException { throw unsupported("setDate"); }
    @Override public void setNCharacterStream(int a0, Reader a1, long a2) throws SQLException { throw unsupported("setNCharacterStream"); }
    @Override public void setNCharacterStream(int a0, Reader a1) throws SQLException { throw unsupported("setNCharacterStream"); }
    @Override public void setNClob(int a0, Reader a1, long a2) throws SQLException { throw unsupported("setNClob"); }
    @Override public void setNClob(int a0, Reader a1) throws SQLException { throw unsupported("setNClob"); }
    @Override public void setNClob(int a0, NClob a1) throws SQLException { throw unsupported("setNClob"); }
    @Override public void setNString(int a0, String a1) throws SQLException { throw unsupported("setNString"); }
    @Override public void setObject(int a0, Object a1, int a2, int a3) throws SQLException { throw unsupported("setObject"); }
    @Override public void setRef(int a0, Ref a1) throws SQLException { throw unsupported("setRef"); }
    @Override public void setRowId(int a0, RowId a1) throws SQLException { throw unsupported("setRowId"); }
    @Override public void setSQLXML(int a0, SQLXML a1) throws SQLException { throw unsupported("setSQLXML"); }
    @Override public void setTime(int a0, Time a1, Calendar a2) throws SQLException { throw unsupported("setTime"); }
    @Override public void setTime(int a0, Time a1) throws SQLException { throw unsupported("setTime"); }
    @Override public void setTimestamp(int a0, Timestamp a1, Calendar a2) throws SQLException { throw unsupported("setTimestamp"); }
    @Override public void setTimestamp(int a0, Timestamp a1) throws SQLException { throw unsupported("setTimestamp"); }
    @Override public void setURL(int a0, URL a1) throws SQLException { throw unsupported("setURL"); }
    @Override public void setUnicodeStream(int a0, InputStream a1, int a2) throws SQLException { throw unsupported("setUnicodeStream"); }

    private static SQLFeatureNotSupportedException unsupported(String method) {
        return new SQLFeatureNotSupportedException("PreparedStatement." + method + " is not supported by the fromzero driver");
    }
}
