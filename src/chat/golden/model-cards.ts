/**
 * Rendered prompts from the model cards (shared/seeds), the golden vectors of the chat templates.
 * Two artifacts of the scraped card text are undone here, and only these: the Cascade-1 cards lost
 * the `<think>`/`</think>` tags around THINKING_CONTENT (the Cascade-2 card keeps them), and their
 * rendered strings show `\boxed\{2\}` where the input is `\boxed{2}` (Markdown escaping).
 */
import type { ChatFamily, ChatMode, Message } from '../../core/messages.ts';

export interface GoldenPrompt {
  name: string;
  family: ChatFamily;
  mode: ChatMode;
  messages: Message[];
  expected: string;
}

const ANSWER =
  'To calculate \\(1 + 1\\):\n\n1. **Identify the operation**: This is a basic addition problem involving two integers.\n2. **Perform the addition**: \n \\(1 + 1 = 2\\).\n\n**Result**: \\(\\boxed{2}\\)';

const V1_SINGLE: Message[] = [{ role: 'user', content: 'calculate 1+1?' }];
const V1_MULTI: Message[] = [
  { role: 'user', content: 'calculate 1+1?' },
  { role: 'assistant', content: `<think>THINKING_CONTENT</think>\n${ANSWER}` },
  { role: 'user', content: 'what about 2+2' },
];
const V2_SYSTEM = 'You are a helpful and harmless assistant.\n\nYou are not allowed to use any tools';
const V2_SINGLE: Message[] = [
  { role: 'system', content: V2_SYSTEM },
  { role: 'user', content: 'calculate 1+1?' },
];
const V2_MULTI: Message[] = [
  { role: 'system', content: V2_SYSTEM },
  { role: 'user', content: 'calculate 1+1?' },
  { role: 'assistant', content: `<think>THINKING_CONTENT</think>\n${ANSWER}` },
  { role: 'user', content: 'what about 2+2' },
];

export const MODEL_CARD_GOLDENS: GoldenPrompt[] = [
  {
    name: 'Cascade-8B / 14B-Thinking single turn, thinking',
    family: 'cascade-v1',
    mode: 'think',
    messages: V1_SINGLE,
    expected:
      '<|im_start|>system\nYou are a helpful and harmless assistant.<|im_end|>\n<|im_start|>user\ncalculate 1+1? /think<|im_end|>\n<|im_start|>assistant\n',
  },
  {
    name: 'Cascade-8B single turn, instruct',
    family: 'cascade-v1',
    mode: 'no_think',
    messages: V1_SINGLE,
    expected:
      '<|im_start|>system\nYou are a helpful and harmless assistant.<|im_end|>\n<|im_start|>user\ncalculate 1+1? /no_think<|im_end|>\n<|im_start|>assistant\n',
  },
  {
    name: 'Cascade-8B / 14B-Thinking multi-turn, thinking',
    family: 'cascade-v1',
    mode: 'think',
    messages: V1_MULTI,
    expected: `<|im_start|>system\nYou are a helpful and harmless assistant.<|im_end|>\n<|im_start|>user\ncalculate 1+1? /no_think<|im_end|>\n<|im_start|>assistant\n${ANSWER}<|im_end|>\n<|im_start|>user\nwhat about 2+2 /think<|im_end|>\n<|im_start|>assistant\n`,
  },
  {
    name: 'Cascade-8B multi-turn, instruct',
    family: 'cascade-v1',
    mode: 'no_think',
    messages: V1_MULTI,
    expected: `<|im_start|>system\nYou are a helpful and harmless assistant.<|im_end|>\n<|im_start|>user\ncalculate 1+1? /no_think<|im_end|>\n<|im_start|>assistant\n${ANSWER}<|im_end|>\n<|im_start|>user\nwhat about 2+2 /no_think<|im_end|>\n<|im_start|>assistant\n`,
  },
  {
    name: 'Cascade-2 single turn, thinking',
    family: 'cascade-v2',
    mode: 'think',
    messages: V2_SINGLE,
    expected: `<|im_start|>system\n${V2_SYSTEM}<|im_end|>\n<|im_start|>user\ncalculate 1+1?<|im_end|>\n<|im_start|>assistant\n<think>\n`,
  },
  {
    name: 'Cascade-2 single turn, instruct',
    family: 'cascade-v2',
    mode: 'no_think',
    messages: V2_SINGLE,
    expected: `<|im_start|>system\n${V2_SYSTEM}<|im_end|>\n<|im_start|>user\ncalculate 1+1?<|im_end|>\n<|im_start|>assistant\n<think></think>`,
  },
  {
    name: 'Cascade-2 multi-turn, thinking',
    family: 'cascade-v2',
    mode: 'think',
    messages: V2_MULTI,
    expected: `<|im_start|>system\n${V2_SYSTEM}<|im_end|>\n<|im_start|>user\ncalculate 1+1?<|im_end|>\n<|im_start|>assistant\n<think></think>\n${ANSWER}<|im_end|>\n<|im_start|>user\nwhat about 2+2<|im_end|>\n<|im_start|>assistant\n<think>\n`,
  },
  {
    name: 'Cascade-2 multi-turn, instruct',
    family: 'cascade-v2',
    mode: 'no_think',
    messages: V2_MULTI,
    expected: `<|im_start|>system\n${V2_SYSTEM}<|im_end|>\n<|im_start|>user\ncalculate 1+1?<|im_end|>\n<|im_start|>assistant\n<think></think>\n${ANSWER}<|im_end|>\n<|im_start|>user\nwhat about 2+2<|im_end|>\n<|im_start|>assistant\n<think></think>`,
  },
];

/** The Cascade-2 card's tool-integrated-reasoning system prompt as scraped (its blank lines were lost). */
export const CARD_TIR_SYSTEM_PROMPT_SCRAPED = "# Tools\nYou have access to the following functions:\n<tools>\n<function>\n<name>stateful_python_code_exec</name>\n<description>Call this function to execute Python code in a stateful Jupyter notebook environment. Python will respond with the output of the execution or time out after 120.0 seconds.</description>\n<parameters>\n<parameter>\n<name>code</name>\n<type>string</type>\n<description>Code to execute</description>\n</parameter>\n<required>[\"code\"]</required>\n</parameters>\n</function>\n</tools>\nIf you choose to call a function ONLY reply in the following format with NO suffix:\n<tool_call>\n<function=example_function_name>\n<parameter=example_parameter_1>\nvalue_1\n</parameter>\n<parameter=example_parameter_2>\nThis is the value for the second parameter\nthat can span\nmultiple lines\n</parameter>\n</function>\n</tool_call>\n<IMPORTANT>\nReminder:\n- Function calls MUST follow the specified format: an inner <function=...></function> block must be nested within <tool_call></tool_call> XML tags\n- Required parameters MUST be specified\n- You may provide optional reasoning for your function call in natural language BEFORE the function call, but NOT after\n- If there is no function call available, answer the question like normal with your current knowledge and do not tell the user about function calls\n</IMPORTANT>";
