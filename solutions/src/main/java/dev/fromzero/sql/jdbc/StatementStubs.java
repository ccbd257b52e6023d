//@ chapter 5
package dev.fromzero.sql.jdbc;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;

/**
 * The parts of {@link Statement} the driver does not support, each throwing
 * {@link SQLFeatureNotSupportedException} as JDBC asks, so that the class that does the work
 * holds only what works. Generated from the interface; extend it only by removing what gets supported.
 */
abstract class StatementStubs implements Statement {

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

    @Override public void cancel() throws SQLException { throw unsupported("cancel"); }
    @Override public void closeOnCompletion() throws SQLException { throw unsupported("closeOnCompletion"); }
    @Override public boolean execute(String a0, int[] a1) throws SQLException { throw unsupported("execute"); }
    @Override public boolean execute(String a0, String[] a1) throws SQLException { throw unsupported("execute"); }
    @Override public boolean execute(String a0, int a1) throws SQLException { throw unsupported("execute"); }
    @Override public int executeUpdate(String a0, int[] a1) throws SQLException { throw unsupported("executeUpdate"); }
    @Override public int executeUpdate(String a0, String[] a1) throws SQLException { throw unsupported("executeUpdate"); }
    @Override public int executeUpdate(String a0, int a1) throws SQLException { throw unsupported("executeUpdate"); }
    @Override public ResultSet getGeneratedKeys() throws SQLException { throw unsupported("getGeneratedKeys"); }
    @Override public int getMaxFieldSize() throws SQLException { throw unsupported("getMaxFieldSize"); }
    @Override public boolean getMoreResults(int a0) throws SQLException { throw unsupported("getMoreResults"); }
    @Override public boolean isCloseOnCompletion() throws SQLException { throw unsupported("isCloseOnCompletion"); }
    @Override public void setCursorName(String a0) throws SQLException { throw unsupported("setCursorName"); }
    @Override public void setEscapeProcessing(boolean a0) throws SQLException { throw unsupported("setEscapeProcessing"); }
    @Override public void setMaxFieldSize(int a0) throws SQLException { throw unsupported("setMaxFieldSize"); }

    private static SQLFeatureNotSupportedException unsupported(String method) {
        return new SQLFeatureNotSupportedException("Statement." + method + " is not supported by the fromzero driver");
    }
}
