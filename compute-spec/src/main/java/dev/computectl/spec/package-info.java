/**
 * The compute-spec wire model: immutable records for Neon's spec JSON ({@link
 * dev.computectl.spec.ComputeSpec}, {@link dev.computectl.spec.ComputeConfig} and their parts),
 * the one configured reader/writer {@link dev.computectl.spec.SpecJson}, and the validation that
 * runs after parsing ({@link dev.computectl.spec.SpecValidator}).
 *
 * <p>Parsing follows Neon's rules: unknown keys are ignored; optional fields may be absent or null;
 * a field with a default sent as JSON null is an error; duplicate keys are an error; strings and
 * numbers are never converted into each other. Every parse failure is a checked {@link
 * dev.computectl.spec.SpecParseException} carrying the JSON path of the bad value.
 *
 * <p>Records never print passwords or tokens in {@code toString()}.
 *
 * <p>The Jackson (de)serializers behind {@code SpecJson} are package-private; the records' argument
 * checks are in {@code dev.computectl.spec.internal}, which is not API.
 */
package dev.computectl.spec;
