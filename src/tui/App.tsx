/**
 * `mmreview review`: walk through the findings of an Outcome. The list on top (current one
 * highlighted), the selected finding below. Consumes only the engine's result types; the CLI does
 * the pipeline and the terminal.
 */
import { Box, Text, useApp, useInput, useStdout } from 'ink';
import { useEffect, useMemo, useState } from 'react';
import type { Outcome } from '../engine/types.js';
import { FindingDetail } from './FindingDetail.js';
import { FindingList } from './FindingList.js';
import { Footer } from './Footer.js';
import { Header } from './Header.js';
import { reviewItems } from './items.js';
import { NoFindings } from './NoFindings.js';
import { actionOf, initialState, reduce } from './state.js';

export interface ReviewAppProps {
  outcome: Outcome;
  /** Width in columns; by default the output's, following resizes. */
  width?: number;
  /** How many list rows to show before scrolling. */
  listRows?: number;
  /** False when there is no keyboard (stdin not a TTY): render once, take no input. */
  interactive?: boolean;
  /** Start in details mode. */
  details?: boolean;
}

/** The output's width in columns, following resizes (100 when the output does not say). */
function useColumns(): number {
  const { stdout } = useStdout();
  const [columns, setColumns] = useState(stdout.columns || 100);
  useEffect(() => {
    const onResize = () => setColumns(stdout.columns || 100);
    stdout.on('resize', onResize);
    return () => void stdout.off('resize', onResize);
  }, [stdout]);
  return columns;
}

export function ReviewApp({ outcome, width: fixedWidth, listRows = 8, interactive = true, details = false }: ReviewAppProps) {
  const columns = useColumns();
  const width = fixedWidth ?? columns;
  const items = useMemo(() => reviewItems(outcome), [outcome]);
  const [state, setState] = useState(() => ({ ...initialState(), expanded: details }));
  const { exit } = useApp();
  useInput(
    (input, key) => {
      const action = actionOf(input, key);
      if (action) setState((s) => reduce(s, action, items.length));
    },
    { isActive: interactive },
  );
  useEffect(() => {
    if (state.quit) exit();
  }, [state.quit, exit]);
  const current = items[state.selected];
  return (
    <Box flexDirection="column" width={width}>
      <Header outcome={outcome} items={items} width={width} />
      {current ? (
        <>
          <Box marginTop={1}>
            <FindingList items={items} selected={state.selected} finished={state.finished} rows={listRows} width={width} />
          </Box>
          <Text dimColor>{'─'.repeat(width)}</Text>
          <FindingDetail finding={current.finding} details={state.expanded} width={width} />
        </>
      ) : (
        <NoFindings outcome={outcome} width={width} />
      )}
      {interactive && <Footer selected={state.selected} count={items.length} details={state.expanded} />}
    </Box>
  );
}
