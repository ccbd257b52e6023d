package dev.fromzero.sql.jdbc;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;

/**
 * The JDBC driver of the embedded database: {@code jdbc:fromzero:<dir>} opens the database in
 * directory {@code dir} (created if absent), in this JVM. Remote use goes through the
 * PostgreSQL-protocol server and PostgreSQL's own driver instead.
 *
 * <p>{@link DriverManager} finds this class through {@code META-INF/services/java.sql.Driver}, so
 * a program needs nothing but {@code DriverManager.getConnection("jdbc:fromzero:/some/dir")}.
 * Connections to one directory share one open {@link dev.fromzero.sql.Database} (a directory can
 * be opened once per process); the last connection to close closes it.
 */
public final class JdbcDriver implements java.sql.Driver {

    /** What every URL of this driver starts with. */
    public static final String PREFIX = "jdbc:fromzero:";

    static {
        try {
            DriverManager.registerDriver(new JdbcDriver());
        } catch (SQLException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) {
            return null; // JDBC's rule: another driver's URL is not an error here
        }
        String dir = url.substring(PREFIX.length());
        if (dir.isBlank()) {
            throw new SQLException("the URL " + url + " names no directory: write " + PREFIX + "/path/to/dir", "08001");
        }
        return new JdbcConnection(SharedDatabases.open(Path.of(dir)));
    }

    @Override
    public boolean acceptsURL(String url) {
        return url != null && url.startsWith(PREFIX);
    }

    @Override
    public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) {
        return new DriverPropertyInfo[0];
    }

    @Override
    public int getMajorVersion() {
        return 1;
    }

    @Override
    public int getMinorVersion() {
        return 0;
    }

    /** Not compliant: the engine implements a subset of SQL, not all of SQL-92 entry level. */
    @Override
    public boolean jdbcCompliant() {
        return false;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        throw new SQLFeatureNotSupportedException("the fromzero driver does not log through java.util.logging");
    }
}
