package io.gearpump.master.rest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Paths and methods become calls; whatever does not fit is refused with the status and words that say why. */
class RoutesTest {

    @Test
    void everyEndpointIsRecognised() {
        assertEquals(new ApiCall.ListMasters(), Routes.parse("GET", "/api/v1/masters", null));
        assertEquals(new ApiCall.ListWorkers(), Routes.parse("GET", "/api/v1/workers/", null), "a trailing slash is fine");
        assertEquals(new ApiCall.ListApps(), Routes.parse("GET", "/api/v1/apps", null));
        assertEquals(new ApiCall.GetApp(7), Routes.parse("GET", "/api/v1/apps/7", null));
        assertEquals(new ApiCall.KillApp(7), Routes.parse("DELETE", "/api/v1/apps/7", null));
        assertEquals(new ApiCall.StopApp(7), Routes.parse("POST", "/api/v1/apps/7/stop", null));
        assertEquals(new ApiCall.GetSubmission("1700000000000-3"), Routes.parse("GET", "/api/v1/submissions/1700000000000-3", null));
        assertEquals(new ApiCall.Submit("wc.jar", "com.example.Main", 3, List.of("-in", "a b", "x"), 500),
                Routes.parse("POST", "/api/v1/apps", "main=com.example.Main&executors=3&arg=-in&arg=a+b&arg=x&jar=wc.jar&wait=500"));
        assertEquals(new ApiCall.Submit("app.jar", null, 2, List.of(), Routes.DEFAULT_SUBMIT_WAIT_MILLIS),
                Routes.parse("POST", "/api/v1/apps", null), "defaults");
    }

    @Test
    void onlyChangesAreMarkedAsSuch() {
        assertTrue(Routes.parse("DELETE", "/api/v1/apps/1", null).changes());
        assertTrue(Routes.parse("POST", "/api/v1/apps/1/stop", null).changes());
        assertTrue(Routes.parse("POST", "/api/v1/apps", null).changes());
        assertEquals(false, Routes.parse("GET", "/api/v1/apps/1", null).changes());
    }

    @Test
    void unknownPathsAre404WrongMethods405AndBadParameters400NamingThem() {
        assertEquals(404, refusal("GET", "/", null).status());
        assertEquals(404, refusal("GET", "/api/v1/nothing", null).status());
        assertEquals(404, refusal("GET", "/api/v1/apps/1/start", null).status());
        assertEquals(404, refusal("GET", "/api/v2/apps", null).status());
        ApiException wrong = refusal("PUT", "/api/v1/apps/1", null);
        assertEquals(405, wrong.status());
        assertEquals("GET, DELETE", wrong.allow());
        assertEquals(405, refusal("GET", "/api/v1/apps/1/stop", null).status());

        ApiException notANumber = refusal("GET", "/api/v1/apps/abc", null);
        assertEquals(400, notANumber.status());
        assertTrue(notANumber.getMessage().contains("application id") && notANumber.getMessage().contains("'abc'"), notANumber.getMessage());
        assertEquals(400, refusal("DELETE", "/api/v1/apps/-1", null).status());
        assertTrue(refusal("POST", "/api/v1/apps", "executors=many").getMessage().contains("'executors'"));
        assertTrue(refusal("POST", "/api/v1/apps", "jar=../../etc/passwd").getMessage().contains("'jar'"), "no path in a jar name");
        assertTrue(refusal("POST", "/api/v1/apps", "main=a;b").getMessage().contains("'main'"));
        assertTrue(refusal("POST", "/api/v1/apps", "mian=a").getMessage().contains("'mian'"), "an unknown parameter is named");
        assertTrue(refusal("POST", "/api/v1/apps", "main=a&main=b").getMessage().contains("2 times"));
        assertEquals(400, refusal("GET", "/api/v1/submissions/..", null).status());
    }

    private static ApiException refusal(String method, String path, String query) {
        return assertThrows(ApiException.class, () -> Routes.parse(method, path, query));
    }
}
