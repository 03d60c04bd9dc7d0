package org.umsrollout.workflows.temporal;

import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.common.SearchAttributeKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The search attributes lists and dashboards filter rollouts by. They are kept by the Temporal
 * service, so they can be read (DescribeWorkflowExecution, lists) even while no orchestrator worker
 * runs to answer the status query.
 */
public final class RolloutSearchAttributes {
  public static final SearchAttributeKey<String> SITE = SearchAttributeKey.forKeyword("UmsSite");
  public static final SearchAttributeKey<String> PHASE = SearchAttributeKey.forKeyword("UmsPhase");
  public static final SearchAttributeKey<String> TARGET_VERSION =
      SearchAttributeKey.forKeyword("UmsTargetVersion");

  /** Servers on a local database copy, or being installed onto one (S1), as last recorded. */
  public static final SearchAttributeKey<List<String>> LOCAL_COPY =
      SearchAttributeKey.forKeywordList("UmsLocalCopy");

  /** Every attribute with the type a namespace must register it with. */
  public static final Map<String, IndexedValueType> REGISTRATION = registration();

  private RolloutSearchAttributes() {}

  /** The {@code --search-attribute} values of {@code temporal server start-dev}. */
  public static List<String> devServerFlags() {
    return REGISTRATION.entrySet().stream()
        .map(
            e ->
                e.getKey()
                    + "="
                    + (e.getValue() == IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST
                        ? "KeywordList"
                        : "Keyword"))
        .toList();
  }

  private static Map<String, IndexedValueType> registration() {
    Map<String, IndexedValueType> all = new LinkedHashMap<>();
    for (SearchAttributeKey<String> key : List.of(SITE, PHASE, TARGET_VERSION)) {
      all.put(key.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD);
    }
    all.put(LOCAL_COPY.getName(), IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD_LIST);
    return java.util.Collections.unmodifiableMap(all);
  }
}
