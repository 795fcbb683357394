package meritflow.bench;

import org.camunda.bpm.client.ExternalTaskClient;
import org.camunda.bpm.client.interceptor.auth.BasicAuthProvider;

/**
 * Camunda 7's Java external-task client (Operaton's is forked from it and not served to us) completing every task of one topic with no variables.
 * Settings come from the environment so the bench gives it exactly what our worker uses:
 * ENGINE_URL, ENGINE_USER, ENGINE_PASSWORD, TOPIC, MAX_TASKS, LOCK_MS, LONG_POLL_MS.
 */
public final class NoopClient {
  public static void main(String[] args) throws InterruptedException {
    String topic = System.getenv("TOPIC");
    long lockMs = Long.parseLong(System.getenv("LOCK_MS"));
    ExternalTaskClient client = ExternalTaskClient.create()
        .baseUrl(System.getenv("ENGINE_URL"))
        .workerId("bench-java-client")
        .maxTasks(Integer.parseInt(System.getenv("MAX_TASKS")))
        .lockDuration(lockMs)
        .asyncResponseTimeout(Long.parseLong(System.getenv("LONG_POLL_MS")))
        .addInterceptor(new BasicAuthProvider(System.getenv("ENGINE_USER"), System.getenv("ENGINE_PASSWORD")))
        .build();
    client.subscribe(topic).lockDuration(lockMs).handler((task, service) -> service.complete(task)).open();
    System.out.println("subscribed to " + topic);
    Thread.currentThread().join();
  }
}
