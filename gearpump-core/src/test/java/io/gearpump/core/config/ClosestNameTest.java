package io.gearpump.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class ClosestNameTest {

    private static final List<String> OPTIONS = List.of("-appid", "-master", "-conf");

    @Test
    void aTypoGetsTheNameItWasMeantToBe() {
        assertEquals(Optional.of("-appid"), ClosestName.of("-app", OPTIONS));
        assertEquals(Optional.of("-master"), ClosestName.of("-mastr", OPTIONS));
        assertEquals(" (did you mean '-conf'?)", ClosestName.hint("-cnf", OPTIONS));
    }

    @Test
    void aWordFarFromEveryNameGetsNoHint() {
        assertEquals(Optional.empty(), ClosestName.of("-frobnicate", OPTIONS));
        assertEquals(Optional.empty(), ClosestName.of("-foo", OPTIONS), "three edits from -conf, but -foo is short");
        assertEquals("", ClosestName.hint("-frobnicate", OPTIONS));
        assertEquals("", ClosestName.hint("-x", List.of()));
    }

    @Test
    void editDistanceCountsInsertionsDeletionsAndSubstitutions() {
        assertEquals(0, ClosestName.editDistance("abc", "abc"));
        assertEquals(1, ClosestName.editDistance("abc", "abcd"));
        assertEquals(1, ClosestName.editDistance("abc", "ac"));
        assertEquals(1, ClosestName.editDistance("abc", "abx"));
        assertEquals(3, ClosestName.editDistance("", "abc"));
    }
}
