package org.citybrain.server.dashboard;

import java.util.Arrays;

/**
 * The last hour (or whatever {@code capacity} samples span) of the key figures, for the
 * dashboard's charts: a ring of samples in primitive arrays, oldest overwritten first, so memory
 * is fixed at {@code capacity × (1 + FIELDS)} numbers however long the server runs.
 *
 * <p>Layout: {@code times[i]} epoch milliseconds; {@code values[f][i]} the figure {@code f} of
 * sample {@code i} ({@link #FIELDS} in {@link CityView.Kpis} order), NaN where it was missing.
 * Not thread-safe: {@link DashboardFeed} guards it.
 */
final class Series {
    /** city index, average speed (km/h), vehicles, throughput (veh/h), open alerts. */
    static final String[] FIELDS = {"cityIndex", "averageSpeed", "vehicles", "throughput", "openAlerts"};

    private final long[] times;
    private final double[][] values;
    private int next;
    private int size;

    Series(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("a series needs room for at least one sample: " + capacity);
        }
        times = new long[capacity];
        values = new double[FIELDS.length][capacity];
    }

    void add(long epochMillis, CityView.Kpis k) {
        times[next] = epochMillis;
        values[0][next] = orNaN(k.cityIndex());
        values[1][next] = orNaN(k.averageSpeed());
        values[2][next] = orNaN(k.vehicles());
        values[3][next] = orNaN(k.throughput());
        values[4][next] = k.openAlerts();
        next = (next + 1) % times.length;
        size = Math.min(size + 1, times.length);
    }

    private static double orNaN(Double d) {
        return d == null ? Double.NaN : d;
    }

    int size() {
        return size;
    }

    int capacity() {
        return times.length;
    }

    /** Sample times, oldest first. */
    long[] times() {
        long[] out = new long[size];
        for (int i = 0; i < size; i++) {
            out[i] = times[index(i)];
        }
        return out;
    }

    /** Figure {@code field} of every sample, oldest first. */
    double[] values(int field) {
        double[] out = new double[size];
        for (int i = 0; i < size; i++) {
            out[i] = values[field][index(i)];
        }
        return out;
    }

    private int index(int i) {
        return (next - size + i + times.length) % times.length;
    }

    @Override
    public String toString() {
        return "Series" + Arrays.toString(times());
    }
}
