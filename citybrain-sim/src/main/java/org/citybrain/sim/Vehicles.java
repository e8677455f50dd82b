package org.citybrain.sim;

import java.util.Arrays;

/**
 * The state of every vehicle, structure-of-arrays indexed by a vehicle slot, and which vehicles are
 * on which drivable. Slots of vehicles that left are reused. Each drivable keeps its vehicles in an
 * intrusive doubly linked list ({@code head}: front, furthest along; {@code tail}: back;
 * {@code next} goes backwards). Units: metres, seconds, m/s. Fields are package-private on purpose:
 * the engine's phases read and write them in their hot loops.
 */
final class Vehicles {
    static final int NONE = -1;
    static final byte FREE = 0;
    static final byte WAITING = 1;
    static final byte RUNNING = 2;
    /** A vehicle slower than this (m/s) counts as queued, as CityFlow's waiting count does. */
    static final double QUEUE_SPEED = 0.1;

    int capacity;
    int slotsUsed;
    private int[] freeSlots = new int[64];
    private int freeCount;

    // per vehicle
    byte[] state;
    double[] speed;
    double[] dis; // from the start of the current drivable
    double[] len;
    double[] maxPosAcc;
    double[] maxNegAcc;
    double[] usualPosAcc;
    double[] usualNegAcc;
    double[] minGap;
    double[] vMaxSpeed;
    double[] headway;
    double[] approachDistance; // how far before a lane's end intersection rules apply
    double[] enterTime; // scheduled departure
    double[] roadEnterTime;
    double[] freeFlow; // free-flow travel time of the route
    double[] lastLaneChange;
    double[] gap; // to the leader's tail
    int[] drivable;
    int[] prevDrivable;
    int[] nextDrivable;
    int[] routeOff; // route: roads routes[routeOff .. routeOff + routeLen)
    int[] routeLen;
    int[] routeIdx; // position in the route of the current road (of the last lane, on a link)
    int[] leader;
    int[] blocker; // the vehicle it yields to at a cross
    int[] priority; // random tie-breaker
    long[] enterLinkStep;
    int[] next;
    int[] prev;
    int[] waitNext;
    long[] trackId; // the id of a vehicle added through Simulation.addVehicle, else -1
    // one step's results, applied together
    double[] bufSpeed;
    double[] bufDis;
    int[] bufDrivable; // NONE: unchanged
    boolean[] bufEnd;
    int[] bufBlocker;
    int[] bufRouteIdx;

    // per drivable
    final int[] head;
    final int[] tail;
    final int[] count;

    Vehicles(int drivables) {
        grow(1024);
        head = new int[drivables];
        tail = new int[drivables];
        count = new int[drivables];
        Arrays.fill(head, NONE);
        Arrays.fill(tail, NONE);
    }

    /** Slots in use so far (running, waiting or free); vehicles live in {@code [0, slots())}. */
    int slots() {
        return slotsUsed;
    }

    void pushBack(int d, int v) {
        int t = tail[d];
        prev[v] = t;
        next[v] = NONE;
        if (t == NONE) {
            head[d] = v;
        } else {
            next[t] = v;
        }
        tail[d] = v;
        count[d]++;
    }

    void unlink(int d, int v) {
        int p = prev[v];
        int n = next[v];
        if (p == NONE) {
            head[d] = n;
        } else {
            next[p] = n;
        }
        if (n == NONE) {
            tail[d] = p;
        } else {
            prev[n] = p;
        }
        prev[v] = NONE;
        next[v] = NONE;
        count[d]--;
    }

    /** Inserts {@code v} into drivable {@code d} just before {@code before} (at the back when NONE). */
    void insertBefore(int d, int v, int before) {
        if (before == NONE) {
            pushBack(d, v);
            return;
        }
        int p = prev[before];
        prev[v] = p;
        next[v] = before;
        prev[before] = v;
        if (p == NONE) {
            head[d] = v;
        } else {
            next[p] = v;
        }
        count[d]++;
    }

    int allocate() {
        if (freeCount > 0) {
            return freeSlots[--freeCount];
        }
        if (slotsUsed == capacity) {
            grow(capacity * 2);
        }
        return slotsUsed++;
    }

    void release(int v) {
        state[v] = FREE;
        if (freeCount == freeSlots.length) {
            freeSlots = Arrays.copyOf(freeSlots, freeSlots.length * 2);
        }
        freeSlots[freeCount++] = v;
    }

    void grow(int n) {
        capacity = n;
        state = state == null ? new byte[n] : Arrays.copyOf(state, n);
        speed = copy(speed, n);
        dis = copy(dis, n);
        len = copy(len, n);
        maxPosAcc = copy(maxPosAcc, n);
        maxNegAcc = copy(maxNegAcc, n);
        usualPosAcc = copy(usualPosAcc, n);
        usualNegAcc = copy(usualNegAcc, n);
        minGap = copy(minGap, n);
        vMaxSpeed = copy(vMaxSpeed, n);
        headway = copy(headway, n);
        approachDistance = copy(approachDistance, n);
        enterTime = copy(enterTime, n);
        roadEnterTime = copy(roadEnterTime, n);
        freeFlow = copy(freeFlow, n);
        lastLaneChange = copy(lastLaneChange, n);
        gap = copy(gap, n);
        bufSpeed = copy(bufSpeed, n);
        bufDis = copy(bufDis, n);
        drivable = copy(drivable, n);
        prevDrivable = copy(prevDrivable, n);
        nextDrivable = copy(nextDrivable, n);
        routeOff = copy(routeOff, n);
        routeLen = copy(routeLen, n);
        routeIdx = copy(routeIdx, n);
        leader = copy(leader, n);
        blocker = copy(blocker, n);
        priority = copy(priority, n);
        enterLinkStep = enterLinkStep == null ? new long[n] : Arrays.copyOf(enterLinkStep, n);
        next = copy(next, n);
        prev = copy(prev, n);
        waitNext = copy(waitNext, n);
        trackId = trackId == null ? new long[n] : Arrays.copyOf(trackId, n);
        bufDrivable = copy(bufDrivable, n);
        bufBlocker = copy(bufBlocker, n);
        bufRouteIdx = copy(bufRouteIdx, n);
        bufEnd = bufEnd == null ? new boolean[n] : Arrays.copyOf(bufEnd, n);
    }

    static double[] copy(double[] a, int n) {
        return a == null ? new double[n] : Arrays.copyOf(a, n);
    }

    static int[] copy(int[] a, int n) {
        return a == null ? new int[n] : Arrays.copyOf(a, n);
    }

    boolean isRunning(int v) {
        return state[v] == RUNNING;
    }

    double minBrakeDistance(int v) {
        return 0.5 * speed[v] * speed[v] / maxNegAcc[v];
    }
}
