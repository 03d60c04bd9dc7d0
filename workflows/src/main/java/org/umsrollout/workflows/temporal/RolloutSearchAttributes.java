package org.umsrollout.workflows.temporal;

import io.temporal.api.enums.v1.IndexedValueType;
import io.temporal.common.SearchAttributeKey;
import java.util.List;

/** The search attributes lists and dashboards filter rollouts by; all are keywords. */
public final class RolloutSearchAttributes {
  public static final SearchAttributeKey<String> SITE = SearchAttributeKey.forKeyword("UmsSite");
  public static final SearchAttributeKey<String> PHASE = SearchAttributeKey.forKeyword("UmsPhase");
  public static final SearchAttributeKey<String> TARGET_VERSION =
      SearchAttributeKey.forKeyword("UmsTargetVersion");

  public static final List<SearchAttributeKey<String>> ALL = List.of(SITE, PHASE, TARGET_VERSION);

  public static final IndexedValueType TYPE = IndexedValueType.INDEXED_VALUE_TYPE_KEYWORD;

  private RolloutSearchAttributes() {}
}
