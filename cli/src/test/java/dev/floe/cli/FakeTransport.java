package dev.floe.cli;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/** A hand-written {@link Transport}: records every call and answers with the answers queued, in order. */
final class FakeTransport implements Transport {
  final List<Call> calls = new ArrayList<>();
  private final Deque<Answer> answers = new ArrayDeque<>();

  FakeTransport answer(int status, String body) {
    answers.add(new Answer(status, body));
    return this;
  }

  /** Queues a token answer (the sign-in with client credentials). */
  FakeTransport token() {
    return answer(200, "{\"access_token\":\"the-token\",\"token_type\":\"bearer\",\"expires_in\":3600}");
  }

  @Override
  public Answer send(Call call) {
    calls.add(call);
    if (answers.isEmpty()) {
      throw new AssertionError("unexpected call " + call.method() + " " + call.uri());
    }
    return answers.removeFirst();
  }
}
