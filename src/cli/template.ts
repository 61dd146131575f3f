/** `cascade template render|parse`: the chat interface from the command line. */
import { type Command, Option } from 'commander';
import { CHAT_FAMILIES, parse, pythonJsonDumps, render, renderTokens, validateTools } from '../chat/index.ts';
import { CascadeError } from '../core/errors.ts';
import type { ChatFamily, ChatMode, Message } from '../core/messages.ts';
import {
  createByteTokenizer,
  loadHfTokenizer,
  qwen3TokenizerPath,
  type TextTokenizer,
} from '../tokenizer/index.ts';
import { readJson, readStdin, readText } from './io.ts';

const familyOption = () =>
  new Option('--family <family>', 'chat template family').choices([...CHAT_FAMILIES]).makeOptionMandatory();
const modeOption = () =>
  new Option('--mode <mode>', 'thinking or instruct mode').choices(['think', 'no_think']).default('think');

export function registerTemplate(program: Command): void {
  const template = program
    .command('template')
    .description("render prompts and parse completions with the models' chat templates");

  template
    .command('render')
    .description('render a conversation (JSON messages on stdin, or --input) to the prompt text')
    .addOption(familyOption())
    .addOption(modeOption())
    .option('--tools <file>', 'tool definitions (JSON array in the OpenAI shape)')
    .option('--input <file>', 'conversation file (default: stdin); an array of messages or {messages, tools}')
    .option(
      '--generation-prompt',
      "end with the assistant turn opening (default: when the last turn is not the assistant's)",
    )
    .option('--no-generation-prompt', 'do not add the assistant turn opening')
    .option(
      '--tokenizer <path>',
      'also print token ids and the loss mask: a tokenizer.json dir, "qwen3" or "byte"',
    )
    .action(async (options) => {
      const input = await readJson(options.input, 'the conversation');
      const { messages, tools: inlineTools } = conversationOf(input);
      const tools = options.tools
        ? validateTools(await readJson(options.tools, 'the tools file'))
        : inlineTools;
      const last = Array.isArray(messages)
        ? (messages[messages.length - 1] as Message | undefined)
        : undefined;
      const addGenerationPrompt = options.generationPrompt ?? last?.role !== 'assistant';
      const renderOptions = { mode: options.mode as ChatMode, tools, addGenerationPrompt };
      const family = options.family as ChatFamily;
      if (!options.tokenizer) {
        process.stdout.write(render(family, messages, renderOptions));
        return;
      }
      const tokenizer = await openTokenizer(options.tokenizer);
      const { text, ids, lossMask } = renderTokens(family, tokenizer, messages, renderOptions);
      process.stdout.write(`${JSON.stringify({ text, ids, loss_mask: Array.from(lossMask) })}\n`);
    });

  template
    .command('parse')
    .description('split a completion (text on stdin, or --input) into reasoning, content and tool calls')
    .addOption(familyOption())
    .addOption(modeOption())
    .option('--tools <file>', 'tool definitions, used to type XML tool-call arguments')
    .option('--input <file>', 'completion text file (default: stdin)')
    .action(async (options) => {
      const text = options.input ? await readText(options.input) : await readStdin();
      const tools = options.tools ? validateTools(await readJson(options.tools, 'the tools file')) : [];
      const parsed = parse(text, {
        family: options.family as ChatFamily,
        mode: options.mode as ChatMode,
        tools,
      });
      const output = {
        reasoning: parsed.reasoning,
        content: parsed.content,
        tool_calls: parsed.toolCalls.map((call) => ({
          type: 'function',
          function: { name: call.name, arguments: pythonJsonDumps(call.arguments) },
        })),
        finished: parsed.finished,
        errors: parsed.errors,
      };
      process.stdout.write(`${JSON.stringify(output, null, 2)}\n`);
    });
}

function conversationOf(input: unknown): { messages: unknown; tools: ReturnType<typeof validateTools> } {
  if (input && typeof input === 'object' && !Array.isArray(input) && 'messages' in input) {
    const { messages, tools } = input as { messages: unknown; tools?: unknown };
    return { messages, tools: validateTools(tools) };
  }
  return { messages: input, tools: [] };
}

async function openTokenizer(spec: string): Promise<TextTokenizer> {
  if (spec === 'byte') return createByteTokenizer();
  if (spec === 'qwen3') return loadHfTokenizer(qwen3TokenizerPath());
  if (!spec) throw new CascadeError('bad_option', '--tokenizer needs a path');
  return loadHfTokenizer(spec);
}
