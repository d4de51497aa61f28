/**
 * Counts the turns of the event loop from now until the returned function is called, which
 * stops the count and gives it: a thread that stalls on one long piece of work turns once.
 */
export function countTurns(): () => number {
  let turns = 0;
  let done = false;
  const count = () => {
    if (done) return;
    turns++;
    setImmediate(count);
  };
  setImmediate(count);
  return () => {
    done = true;
    return turns;
  };
}
