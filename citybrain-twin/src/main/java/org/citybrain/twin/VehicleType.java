package org.citybrain.twin;

/**
 * Physical and behavioural parameters of a vehicle, with CityFlow's names and SI units
 * (metres, m/s, m/s², seconds).
 *
 * @param maxPosAcc   strongest acceleration
 * @param maxNegAcc   strongest (emergency) deceleration, positive
 * @param usualPosAcc acceleration in normal driving
 * @param usualNegAcc deceleration in normal driving, positive
 * @param minGap      gap kept to the leader when stopped
 * @param headwayTime desired time gap to the leader
 */
public record VehicleType(double length, double width, double maxPosAcc, double maxNegAcc, double usualPosAcc,
                          double usualNegAcc, double minGap, double maxSpeed, double headwayTime) {

    /** CityFlow's defaults, used where a format gives no vehicle parameters (KDD Cup, SUMO without vType). */
    public static final VehicleType DEFAULT = new VehicleType(5, 2, 2, 4.5, 2, 4.5, 2.5, 11.111, 2);

    public VehicleType {
        positive("length", length);
        positive("width", width);
        positive("maxPosAcc", maxPosAcc);
        positive("maxNegAcc", maxNegAcc);
        positive("usualPosAcc", usualPosAcc);
        positive("usualNegAcc", usualNegAcc);
        nonNegative("minGap", minGap);
        positive("maxSpeed", maxSpeed);
        nonNegative("headwayTime", headwayTime);
    }

    /** The same vehicle with another maximum speed (m/s). */
    public VehicleType withMaxSpeed(double speed) {
        return new VehicleType(length, width, maxPosAcc, maxNegAcc, usualPosAcc, usualNegAcc, minGap, speed, headwayTime);
    }

    private static void positive(String name, double v) {
        if (!(v > 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException("vehicle " + name + " must be > 0, got " + v);
        }
    }

    private static void nonNegative(String name, double v) {
        if (!(v >= 0) || !Double.isFinite(v)) {
            throw new IllegalArgumentException("vehicle " + name + " must be >= 0, got " + v);
        }
    }
}
