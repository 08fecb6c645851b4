/**
 * Typed engine configuration: {@link io.gearpump.core.config.GearConfig} loads {@code conf/gear.conf}
 * (Java properties) with {@code -D} overrides and validates every {@code gearpump.*} key once, naming
 * the key and value of anything unknown or malformed.
 */
package io.gearpump.core.config;
