/**
 * Emergency-vehicle priority: a green wave along an emergency vehicle's route, then back to normal
 * control.
 *
 * <p>{@link org.citybrain.control.emergency.EmergencyPriority} decorates any signal controller. It
 * learns where the emergency vehicles are from {@link org.citybrain.control.emergency.EmergencyVehicles}
 * (their own V2I broadcast; {@link org.citybrain.control.emergency.EmergencyFleet} feeds it from a
 * simulation), pre-empts each intersection on the route as a vehicle approaches and hands the
 * intersection back to the base controller once the vehicle has entered it.
 * {@link org.citybrain.control.emergency.EmergencyRun} measures the effect: the emergency vehicle's
 * travel time and everyone else's, without and with priority. Rules and defaults:
 * {@code docs/emergency.md}.
 */
package org.citybrain.control.emergency;
