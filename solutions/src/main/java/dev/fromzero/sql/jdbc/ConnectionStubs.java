//@ chapter 5
package dev.fromzero.sql.jdbc;

import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Struct;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Executor;

/**
 * The parts of {@link Connection} the driver does not support, each throwing
 * {@link SQLFeatureNotSupportedException} as JDBC asks, so that the class that does the work
 * holds only what works. Generated from the interface; extend it only by removing what gets supported.
 */
abstract class ConnectionStubs implements Connection {

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        if (iface.isInstance(this)) {
            return iface.cast(this);
        }
        throw new SQLException("not a wrapper of " + iface.getName(), "42000");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
        return iface.isInstance(this);
    }

    @Override public void abort(Executor a0) throws SQLException { throw unsupported("abort"); }
    @Override public Array createArrayOf(String a0, Object[] a1) throws SQLException { throw unsupported("createArrayOf"); }
    @Override public Blob createBlob() throws SQLException { throw unsupported("createBlob"); }
    @Override public Clob createClob() throws SQLException { throw unsupported("createClob"); }
    @Override public NClob createNClob() throws SQLException { throw unsupported("createNClob"); }
    @Override public SQLXML createSQLXML() throws SQLException { throw unsupported("createSQLXML"); }
    @Override public Statement createStatement(int a0, int a1, int a2) throws SQLException { throw unsupported("createStatement"); }
    @Override public Struct createStruct(String a0, Object[] a1) throws SQLException { throw unsupported("createStruct"); }
    @Override public Properties getClientInfo() throws SQLException { throw unsupported("getClientInfo"); }
    @Override public String getClientInfo(String a0) throws SQLException { throw unsupported("getClientInfo"); }
    @Override public int getNetworkTimeout() throws SQLException { throw unsupported("getNetworkTimeout"); }
    @Override public Map<String, Class<?>> getTypeMap() throws SQLException { throw unsupported("getTypeMap"); }
    @Override public CallableStatement prepareCall(String a0, int a1, int a2, int a3) throws SQLException { throw unsupported("prepareCall"); }
    @Override public CallableStatement prepareCall(String a0, int a1, int a2) throws SQLException { throw unsupported("prepareCall"); }
    @Override public CallableStatement prepareCall(String a0) throws SQLException { throw unsupported("prepareCall"); }
    @Override public PreparedStatement prepareStatement(String a0, int[] a1) throws SQLException { throw unsupported("prepareStatement"); }
    @Override public PreparedStatement prepareStatement(String a0, String[] a1) throws SQLException { throw unsupported("prepareStatement"); }
    @Override public PreparedStatement prepareStatement(String a0, int a1, int a2, int a3) throws SQLException { throw unsupported("prepareStatement"); }
    @Override public PreparedStatement prepareStatement(String a0, int a1) throws SQLException { throw unsupported("prepareStatement"); }
    @Override public void releaseSavepoint(Savepoint a0) throws SQLException { throw unsupported("releaseSavepoint"); }
    @Override public void rollback(Savepoint a0) throws SQLException { throw unsupported("rollback"); }
    @Override public void setHoldability(int a0) throws SQLException { throw unsupported("setHoldability"); }
    @Override public void setNetworkTimeout(Executor a0, int a1) throws SQLException { throw unsupported("setNetworkTimeout"); }
    @Override public Savepoint setSavepoint() throws SQLException { throw unsupported("setSavepoint"); }
    @Override public Savepoint setSavepoint(String a0) throws SQLException { throw unsupported("setSavepoint"); }
    @Override public void setTypeMap(Map<String, Class<?>> a0) throws SQLException { throw unsupported("setTypeMap"); }

    private static SQLFeatureNotSupportedException unsupported(String method) {
        return new SQLFeatureNotSupportedException("Connection." + method + " is not supported by the fromzero driver");
    }
}
