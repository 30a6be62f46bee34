export { KubeApiDouble, mergePatch, type Fault } from './server.js';
export { NodeSimulator, intervals, type NodeSimulatorOptions } from './job-controller.js';
export { functionRuntime, processRuntime, type PodLaunch, type PodRuntime } from './pod-runtime.js';
export { ObjectStore, ApiError, type Obj } from './object-store.js';
export { parseSelector } from './selector.js';
