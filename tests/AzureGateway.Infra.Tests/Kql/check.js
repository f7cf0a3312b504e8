// Reads {"tables": {"name": "(column:type, ...)"}, "queries": ["..."]} on stdin and writes, for each query, the
// errors Microsoft's Kusto language service finds when it parses the query and binds it to those tables:
// [["message at offset", ...], ...]. Warnings (style, performance hints) are not errors.
global.Bridge = require('@kusto/language-service-next/bridge.js');
require('@kusto/language-service-next/Kusto.Language.Bridge.js');

const Kql = Kusto.Language;
const input = JSON.parse(require('fs').readFileSync(0, 'utf8'));
const tables = Object.entries(input.tables)
  .map(([name, schema]) => new Kql.Symbols.TableSymbol.$ctor7(name, schema, null));
const globals = Kql.GlobalState.Default.WithDatabase(new Kql.Symbols.DatabaseSymbol.$ctor1('applicationinsights', tables));

const results = input.queries.map(query => {
  const diagnostics = Kql.KustoCode.ParseAndAnalyze(query, globals).GetDiagnostics();
  const errors = [];
  for (let i = 0; i < diagnostics.Count; i++) {
    const d = diagnostics.getItem(i);
    if (d.Severity === 'Error') {
      errors.push(`${d.Message} (at ${d.Start}: "${query.substr(d.Start, Math.max(d.Length, 1))}")`);
    }
  }
  return errors;
});
process.stdout.write(JSON.stringify(results));
