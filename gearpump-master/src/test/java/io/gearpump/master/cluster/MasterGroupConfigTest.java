package io.gearpump.master.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.InetSocketAddress;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Which member of {@code gearpump.cluster.masters} a master is, and the lists a master refuses, with the reason. */
class MasterGroupConfigTest {

    private static final String THREE = "127.0.0.1:7001,127.0.0.1:7002,127.0.0.1:7003";

    @Test
    void aMasterIsTheEntryItListensOn() {
        MasterGroup g = MasterGroup.of(THREE, new InetSocketAddress("127.0.0.1", 7002));
        assertEquals("127.0.0.1:7002", g.self());
        assertEquals(List.of("127.0.0.1:7001", "127.0.0.1:7002", "127.0.0.1:7003"), g.members());
    }

    @Test
    void aMasterListeningOnEveryAddressIsTheLocalEntryWithItsPort() {
        assertEquals("127.0.0.1:7003", MasterGroup.of(THREE, new InetSocketAddress("0.0.0.0", 7003)).self());
    }

    @Test
    void aLoneMasterIsWhereverItListens() {
        assertEquals(List.of("127.0.0.1:40123"), MasterGroup.of("127.0.0.1:0", new InetSocketAddress("127.0.0.1", 40123)).members());
    }

    @Test
    void badListsAreRefusedNamingTheProblem() {
        InetSocketAddress bound = new InetSocketAddress("127.0.0.1", 7001);
        assertEquals("gearpump.cluster.masters lists 2 masters (127.0.0.1:7001,127.0.0.1:7002); a master group has 1, 3 or 5",
                refused("127.0.0.1:7001,127.0.0.1:7002", bound));
        assertEquals("gearpump.cluster.masters lists a master twice: 127.0.0.1:7001,127.0.0.1:7001,127.0.0.1:7003",
                refused("127.0.0.1:7001,127.0.0.1:7001,127.0.0.1:7003", bound));
        assertEquals("gearpump.cluster.masters entry 'no-such-master.invalid:7002' does not resolve to an address",
                refused("127.0.0.1:7001,no-such-master.invalid:7002,127.0.0.1:7003", bound));
        assertEquals("this master listens on 127.0.0.1:7009, which is not one of gearpump.cluster.masters (" + THREE
                + "); start it with -ip and -port of its entry", refused(THREE, new InetSocketAddress("127.0.0.1", 7009)));
    }

    private static String refused(String masters, InetSocketAddress bound) {
        return assertThrows(IllegalArgumentException.class, () -> MasterGroup.of(masters, bound)).getMessage();
    }
}
