/**
 * City Brain traffic control on the twin and the engine: signal controllers ({@code signal}),
 * congestion index ({@code congestion}), parking forecasts and guidance ({@code parking}) and
 * emergency-vehicle priority ({@code emergency}). No web framework; runs in the CLI, the server
 * and stream jobs alike.
 */
package org.citybrain.control;
