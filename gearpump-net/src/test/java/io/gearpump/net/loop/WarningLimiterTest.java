package io.gearpump.net.loop;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.slf4j.Logger;

class WarningLimiterTest {

    private final List<String> warned = new ArrayList<>();
    private final Logger log = (Logger) Proxy.newProxyInstance(Logger.class.getClassLoader(), new Class<?>[] {Logger.class},
            (proxy, method, args) -> {
                if (method.getName().equals("warn") && args.length == 1) {
                    warned.add((String) args[0]);
                }
                return method.getReturnType() == boolean.class ? Boolean.TRUE : null;
            });

    @Test
    void aFloodCostsOneLineAnIntervalAndTheNextSaysHowManyWereLeftOut() {
        WarningLimiter limiter = new WarningLimiter(60_000);
        for (int i = 0; i < 1_000; i++) {
            limiter.warn(log, "bad frame " + i);
        }
        assertEquals(List.of("bad frame 0"), warned);

        WarningLimiter everyTime = new WarningLimiter(0);
        everyTime.warn(log, "a");
        everyTime.warn(log, "b");
        assertEquals(List.of("bad frame 0", "a", "b"), warned, "an interval of 0 lets every line through");
    }

    @Test
    void theLineAfterAnIntervalCountsTheLinesLeftOut() {
        WarningLimiter limiter = new WarningLimiter(5);
        limiter.warn(log, "first");
        long calls = 0;
        while (warned.size() < 2) { // the interval passes while it is called
            limiter.warn(log, "next");
            calls++;
        }
        assertEquals(calls == 1 ? "next" : "next (and " + (calls - 1) + " more like it left out of the log)", warned.get(1));
    }
}
