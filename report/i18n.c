/* i18n.c: the HTML report's words, one table per language.
 * A missing translation falls back to English. The "30 days" in the texts
 * is REPORT_CHART_DAYS. */
#include <string.h>

#include "report/report-private.h"

static const char *const i18n_en[I18N_COUNT] = {
	[I18N_HTML_LANG] = "en",
	[I18N_TITLE] = "Bounce report",
	[I18N_GENERATED] = "Generated",
	[I18N_THIS_RUN] = "This run",
	[I18N_NO_RUN] = "Written from the database (no run).",
	[I18N_NEW_SUPPRESSIONS] = "New suppressions",
	[I18N_NONE] = "None.",
	[I18N_TOTALS] = "Addresses by state and category",
	[I18N_STATE] = "State",
	[I18N_CHART] = "Bounces per day, last 30 days",
	[I18N_CHART_EMPTY] = "No bounces in the last 30 days.",
	[I18N_DOMAINS] = "Top destination domains, last 30 days",
	[I18N_DOMAIN] = "Domain",
	[I18N_BOUNCES] = "Bounces",
	[I18N_REASONS] = "Reasons",
	[I18N_ALERTS] = "Sender reputation alerts, last 30 days",
	[I18N_ALERTS_HINT] = "These domains refuse our mail (blocked, spam, policy): the addresses stay active; "
			     "check the sending IPs, DNS and content.",
	[I18N_SAMPLES] = "Sample diagnostics",
	[I18N_SUPPRESSION_LIST] = "Suppression list",
	[I18N_MORE_IN_CSV] = "Only the newest are shown (the CSV has all). Suppressed in total:",
	[I18N_ADDRESS] = "Address",
	[I18N_REASON] = "Reason",
	[I18N_CATEGORY] = "Category",
	[I18N_LAST_BOUNCE] = "Last bounce",
	[I18N_COUNT_COL] = "Count",
	[I18N_DIAGNOSTIC] = "Diagnostic",
	[I18N_REVIEW] = "Messages waiting for review",
	[I18N_REVIEW_SHORT] = "For review",
	[I18N_SOURCE] = "Source",
	[I18N_WHY] = "Why",
	[I18N_WHEN] = "When",
	[I18N_RUNS] = "Recent runs",
	[I18N_RUN] = "Run",
	[I18N_COMMAND] = "Command",
	[I18N_OUTCOME] = "Outcome",
	[I18N_SEEN] = "Messages",
	[I18N_SUPPRESSED_N] = "Suppressed",
	[I18N_TOTAL] = "Total",
	[I18N_CAT_HARD] = "hard",
	[I18N_CAT_SOFT] = "soft",
	[I18N_CAT_COMPLAINT] = "complaint",
	[I18N_CAT_MANUAL] = "manual",
	[I18N_STATE_ACTIVE] = "active",
	[I18N_STATE_WATCH] = "watch",
	[I18N_STATE_SUPPRESSED] = "suppressed",
};

static const char *const i18n_ja[I18N_COUNT] = {
	[I18N_HTML_LANG] = "ja",
	[I18N_TITLE] = "バウンスレポート",
	[I18N_GENERATED] = "作成日時",
	[I18N_THIS_RUN] = "今回の実行",
	[I18N_NO_RUN] = "データベースから作成（実行なし）。",
	[I18N_NEW_SUPPRESSIONS] = "新たに配信停止したアドレス",
	[I18N_NONE] = "なし。",
	[I18N_TOTALS] = "状態・分類別のアドレス数",
	[I18N_STATE] = "状態",
	[I18N_CHART] = "日別バウンス数（過去30日）",
	[I18N_CHART_EMPTY] = "過去30日間にバウンスはありません。",
	[I18N_DOMAINS] = "宛先ドメイン上位（過去30日）",
	[I18N_DOMAIN] = "ドメイン",
	[I18N_BOUNCES] = "バウンス",
	[I18N_REASONS] = "理由",
	[I18N_ALERTS] = "送信者レピュテーション警告（過去30日）",
	[I18N_ALERTS_HINT] = "以下のドメインが当方のメールを拒否しています（ブロック、スパム判定、ポリシー）。"
			     "アドレスは有効のままです。送信IP、DNS、内容を確認してください。",
	[I18N_SAMPLES] = "診断メッセージの例",
	[I18N_SUPPRESSION_LIST] = "配信停止リスト",
	[I18N_MORE_IN_CSV] = "新しいものだけを表示しています（全件はCSVにあります）。配信停止の総数:",
	[I18N_ADDRESS] = "アドレス",
	[I18N_REASON] = "理由",
	[I18N_CATEGORY] = "分類",
	[I18N_LAST_BOUNCE] = "最終バウンス",
	[I18N_COUNT_COL] = "回数",
	[I18N_DIAGNOSTIC] = "診断メッセージ",
	[I18N_REVIEW] = "確認待ちのメッセージ",
	[I18N_REVIEW_SHORT] = "確認待ち",
	[I18N_SOURCE] = "取得元",
	[I18N_WHY] = "理由",
	[I18N_WHEN] = "日時",
	[I18N_RUNS] = "最近の実行",
	[I18N_RUN] = "実行",
	[I18N_COMMAND] = "コマンド",
	[I18N_OUTCOME] = "結果",
	[I18N_SEEN] = "メッセージ",
	[I18N_SUPPRESSED_N] = "配信停止",
	[I18N_TOTAL] = "合計",
	[I18N_CAT_HARD] = "ハード",
	[I18N_CAT_SOFT] = "ソフト",
	[I18N_CAT_COMPLAINT] = "苦情",
	[I18N_CAT_MANUAL] = "手動",
	[I18N_STATE_ACTIVE] = "有効",
	[I18N_STATE_WATCH] = "監視中",
	[I18N_STATE_SUPPRESSED] = "配信停止",
};

static const struct {
	const char *name;
	const char *const *table;
} i18n_langs[LANG_COUNT] = {
	[LANG_EN] = {"en", i18n_en},
	[LANG_JA] = {"ja", i18n_ja},
};

enum lang i18n_lang(const char *name)
{
	if (!name)
		return LANG_EN;
	for (int i = 0; i < LANG_COUNT; i++)
		if (strcmp(i18n_langs[i].name, name) == 0)
			return (enum lang)i;
	return LANG_EN;
}

const char *i18n(enum lang l, enum i18n_msg m)
{
	const char *s;

	if ((unsigned)l >= LANG_COUNT)
		l = LANG_EN;
	if ((unsigned)m >= I18N_COUNT)
		return "";
	s = i18n_langs[l].table[m];
	if (!s)
		s = i18n_en[m];
	return s ? s : "";
}
