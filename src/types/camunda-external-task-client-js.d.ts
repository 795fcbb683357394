// The parts of camunda-external-task-client-js 3.x that meritflow uses (the package ships no types).
declare module 'camunda-external-task-client-js' {
  export interface Task {
    id: string;
    topicName: string;
    processInstanceId: string;
    businessKey: string | null;
    retries: number | null;
    workerId: string;
    variables: Variables;
  }
  export class Variables {
    get(name: string): unknown;
    getAll(): Record<string, unknown>;
    set(name: string, value: unknown): Variables;
    setAll(values: Record<string, unknown>): Variables;
  }
  export interface TaskService {
    complete(task: Task, variables?: Variables, localVariables?: Variables): Promise<void>;
    handleFailure(task: Task, options: { errorMessage?: string; errorDetails?: string; retries?: number; retryTimeout?: number }): Promise<void>;
    handleBpmnError(task: Task, errorCode: string, errorMessage?: string, variables?: Variables): Promise<void>;
    extendLock(task: Task, newDuration: number): Promise<void>;
  }
  export interface HandlerArgs {
    task: Task;
    taskService: TaskService;
  }
  export interface ClientOptions {
    baseUrl: string;
    workerId?: string;
    maxTasks?: number;
    maxParallelExecutions?: number;
    interval?: number;
    lockDuration?: number;
    autoPoll?: boolean;
    asyncResponseTimeout?: number;
    usePriority?: boolean;
    interceptors?: unknown;
    use?: unknown;
  }
  export interface TopicSubscription {
    unsubscribe(): void;
  }
  export class Client {
    constructor(options: ClientOptions);
    /** Read again at every poll (lib/Client.js), so a change applies from the next one. */
    options: ClientOptions;
    /** Handlers running now (lib/Client.js): a poll asks for at most maxParallelExecutions minus these. */
    readonly activeTasksCount: number;
    subscribe(topic: string, options: Record<string, unknown>, handler: (args: HandlerArgs) => Promise<void>): TopicSubscription;
    subscribe(topic: string, handler: (args: HandlerArgs) => Promise<void>): TopicSubscription;
    start(): void;
    stop(): void;
    on(event: string, listener: (...args: unknown[]) => void): void;
  }
  export class BasicAuthInterceptor {
    constructor(options: { username: string; password: string });
  }
  export const logger: unknown;
}
