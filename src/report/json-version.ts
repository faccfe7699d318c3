/** The JSON report's version, apart from its zod schema so that rendering a report does not load zod. */
export const JSON_REPORT_VERSION = 1 as const;
