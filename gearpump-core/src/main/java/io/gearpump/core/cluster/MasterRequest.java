package io.gearpump.core.cluster;

/**
 * Everything a master is asked, by clients, workers and AppMasters: its request handler is one
 * exhaustive switch over these three families.
 */
public sealed interface MasterRequest<R> extends Request<R>
        permits ClientProtocol.ClientRequest, WorkerProtocol.WorkerRequest, AppMasterProtocol.AppMasterRequest {
}
