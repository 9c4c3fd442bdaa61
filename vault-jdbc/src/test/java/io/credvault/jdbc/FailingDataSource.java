package io.credvault.jdbc;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Wraps a {@link DataSource} so that, once armed with {@link #failAt(int)}, the Nth statement execution or
 * commit from then on throws an {@link SQLException} instead of running.
 */
final class FailingDataSource implements DataSource {
    private final DataSource delegate;
    private final AtomicInteger remaining = new AtomicInteger(-1);
    private final AtomicInteger seen = new AtomicInteger();
    private volatile boolean commitThenFail;
    private volatile String sqlState = "08006";
    private volatile int errorCode;
    private final AtomicInteger commitFailures = new AtomicInteger();

    FailingDataSource(DataSource delegate) {
        this.delegate = delegate;
    }

    /** Fails the {@code n}th execution or commit from now (1-based). */
    void failAt(int n) {
        seen.set(0);
        remaining.set(n);
    }

    /** Fails the {@code n}th execution or commit from now with {@code state} and {@code code}, as a database would. */
    void failAt(int n, String state, int code) {
        sqlState = state;
        errorCode = code;
        failAt(n);
    }

    /** Refuses the next {@code n} commits with {@code state} and {@code code} (rolling back), as a cluster refusing them would. */
    void refuseCommits(int n, String state, int code) {
        sqlState = state;
        errorCode = code;
        commitFailures.set(n);
    }

    /** Fails the next commit after it has taken effect, as a connection cut while the server committed would. */
    void failNextCommitAfterItCommits() {
        commitThenFail = true;
    }

    void disarm() {
        remaining.set(-1);
        commitFailures.set(0);
        sqlState = "08006";
        errorCode = 0;
    }

    /** Executions and commits seen since the last {@link #failAt(int)}. */
    int seen() {
        return seen.get();
    }

    private void tick(String what) throws SQLException {
        if (remaining.get() < 0) {
            return;
        }
        seen.incrementAndGet();
        if (remaining.decrementAndGet() == 0) {
            throw new SQLException("injected fault at " + what, sqlState, errorCode);
        }
    }

    @Override
    public Connection getConnection() throws SQLException {
        return wrap(delegate.getConnection());
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
        return wrap(delegate.getConnection(user, password));
    }

    private Connection wrap(Connection c) {
        return (Connection) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {Connection.class},
                handler(c, (proxy, m, args) -> {
                    if (m.getName().equals("commit")) {
                        if (commitThenFail) {
                            commitThenFail = false;
                            invoke(c, m, args);
                            throw new SQLException("injected: connection lost after COMMIT was sent", "08006");
                        }
                        if (commitFailures.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                            c.rollback(); // refused: nothing of the transaction stays, as a certification failure
                            throw new SQLException("injected: commit refused", sqlState, errorCode);
                        }
                        tick("commit");
                    }
                    Object result = invoke(c, m, args);
                    if (result instanceof Statement s) {
                        Class<?> type = m.getName().equals("prepareCall") ? java.sql.CallableStatement.class
                                : m.getName().equals("prepareStatement") ? java.sql.PreparedStatement.class : Statement.class;
                        return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {type},
                                handler(s, (p2, m2, a2) -> {
                                    if (m2.getName().startsWith("execute")) {
                                        tick(m2.getName());
                                    }
                                    return invoke(s, m2, a2);
                                }));
                    }
                    return result;
                }));
    }

    private static InvocationHandler handler(Object target, InvocationHandler h) {
        return (proxy, m, args) -> {
            if (m.getName().equals("unwrap") || m.getName().equals("isWrapperFor")) {
                return invoke(target, m, args);
            }
            return h.invoke(proxy, m, args);
        };
    }

    private static Object invoke(Object target, Method m, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    @Override
    public PrintWriter getLogWriter() throws SQLException {
        return delegate.getLogWriter();
    }

    @Override
    public void setLogWriter(PrintWriter out) throws SQLException {
        delegate.setLogWriter(out);
    }

    @Override
    public void setLoginTimeout(int seconds) throws SQLException {
        delegate.setLoginTimeout(seconds);
    }

    @Override
    public int getLoginTimeout() throws SQLException {
        return delegate.getLoginTimeout();
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
        return delegate.getParentLogger();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
        return delegate.unwrap(iface);
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) throws SQLException {
        return delegate.isWrapperFor(iface);
    }
}
