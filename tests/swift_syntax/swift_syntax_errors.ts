/**
 * Reads `{ "<name>": "<Swift source>", … }` as JSON on standard input and prints
 * `{ "<name>": ["<line>:<col> syntax error", …], … }`: where tree-sitter-swift found a syntax
 * error or had to invent a missing token (positions 1-based). Syntax only: no types, no names.
 *
 * @module
 */
import Parser from "tree-sitter";
import Swift from "tree-sitter-swift";

const parser = new Parser();
parser.setLanguage(Swift as Parser.Language);

function syntaxErrors(source: string): string[] {
  const errors: string[] = [];
  const visit = (node: Parser.SyntaxNode): void => {
    if (node.type === "ERROR" || node.isMissing) {
      const { row, column } = node.startPosition;
      errors.push(
        `${row + 1}:${column + 1} ${node.isMissing ? `missing ${node.type}` : "syntax error"}`,
      );
    }
    for (const child of node.children) visit(child);
  };
  visit(parser.parse(source).rootNode);
  return errors;
}

const sources = JSON.parse(await new Response(Deno.stdin.readable).text()) as Record<
  string,
  string
>;
const report = Object.fromEntries(
  Object.entries(sources).map(([name, source]) => [name, syntaxErrors(source)]),
);
await Deno.stdout.write(new TextEncoder().encode(`${JSON.stringify(report)}\n`));
