package io.gearpump.sim;

/** A process a worker launched for an application (its AppMaster, or one of its executors), on the worker's host. */
abstract class ChildProcess extends SimProcess {

    final int appId;
    /** The id its worker was registered under when it launched this. */
    final int workerId;

    ChildProcess(String address, WorkerProcess worker, int appId, int workerId) {
        super(worker.world, address, worker.host);
        this.appId = appId;
        this.workerId = workerId;
    }
}
