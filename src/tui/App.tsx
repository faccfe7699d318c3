/**
 * `mmreview review`: walk through the findings of an Outcome. The list on top (current one
 * highlighted), the selected finding below, the whole frame kept within the terminal. Consumes only
 * the engine's result types; the CLI does the pipeline and the terminal.
 */
import { Box, Text, useApp, useInput, useStdout } from 'ink';
import { useEffect, useMemo, useState } from 'react';
import type { Outcome } from '../engine/types.js';
import { screenLayout, tailWindow } from './budget.js';
import { FindingDetail } from './FindingDetail.js';
import { FindingList } from './FindingList.js';
import { Footer } from './Footer.js';
import { Header } from './Header.js';
import { reviewItems } from './items.js';
import { timelineGrid } from './layout.js';
import { NoFindings } from './NoFindings.js';
import { actionOf, initialState, reduce } from './state.js';

export interface ReviewAppProps {
  outcome: Outcome;
  /** Width in columns; by default the output's, following resizes. */
  width?: number;
  /** Height in rows; by default the output's (unlimited when it does not say). */
  height?: number;
  /** How many list rows to show before scrolling. */
  listRows?: number;
  /** False when there is no keyboard (stdin not a TTY): render once, take no input. */
  interactive?: boolean;
  /** Start in details mode. */
  details?: boolean;
}

/** The output's size, following resizes (100 columns when the output does not say). */
function useTerminalSize(): { columns: number; rows: number } {
  const { stdout } = useStdout();
  const read = () => ({ columns: stdout.columns || 100, rows: stdout.rows || Infinity });
  const [size, setSize] = useState(read);
  useEffect(() => {
    const onResize = () => setSize(read());
    stdout.on('resize', onResize);
    return () => void stdout.off('resize', onResize);
  }, [stdout]);
  return size;
}

export function ReviewApp({ outcome, width: fixedWidth, height, listRows = 8, interactive = true, details = false }: ReviewAppProps) {
  const size = useTerminalSize();
  const screen = { width: fixedWidth ?? size.columns, rows: height ?? size.rows };
  const items = useMemo(() => reviewItems(outcome), [outcome]);
  const [state, setState] = useState(() => ({ ...initialState(), expanded: details }));
  const current = items[state.selected]?.finding;
  const at = { count: items.length, selected: state.selected, interactive };
  const layout = current ? screenLayout(current, at, listRows, screen, state.expanded) : undefined;
  const budget = layout?.budget;
  const traceLines = current?.trace ? timelineGrid(current.trace, screen.width, state.expanded).rows.length : 0;
  const limits = { max: tailWindow(traceLines, budget?.trace ?? Infinity, 0).maxBack, page: Math.max(1, (budget?.trace ?? 2) - 2) };
  const { exit } = useApp();
  useInput(
    (input, key) => {
      const action = actionOf(input, key);
      if (action) setState((s) => reduce(s, action, items.length, limits));
    },
    { isActive: interactive },
  );
  useEffect(() => {
    if (state.quit) exit();
  }, [state.quit, exit]);
  return (
    <Box flexDirection="column" width={screen.width}>
      <Header outcome={outcome} items={items} width={screen.width} />
      {current ? (
        <>
          <Box marginTop={budget?.dense ? 0 : 1}>
            <FindingList items={items} selected={state.selected} finished={state.finished} rows={layout?.listRows ?? listRows} width={screen.width} />
          </Box>
          <Text dimColor>{'─'.repeat(screen.width)}</Text>
          <FindingDetail finding={current} details={state.expanded} width={screen.width} budget={budget} back={state.scroll} />
        </>
      ) : (
        <NoFindings outcome={outcome} width={screen.width} />
      )}
      {interactive && <Footer selected={state.selected} count={items.length} details={state.expanded} scrollable={limits.max > 0} width={screen.width} />}
    </Box>
  );
}
