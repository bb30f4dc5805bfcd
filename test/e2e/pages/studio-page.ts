import { expect } from '@playwright/test';
import type { Locator, Page } from 'playwright-core';

/** Graph node ids, as the studio keys them (the host's ids for queues and exchanges). */
export const nodeIds = {
  queue: (name: string, vhost = '/'): string => `queue:${encodeURIComponent(vhost)}/${encodeURIComponent(name)}`,
  exchange: (name: string, vhost = '/'): string => `exchange:${encodeURIComponent(vhost)}/${encodeURIComponent(name)}`,
  producer: (id: string): string => `sim-producer:${id}`,
  consumer: (id: string): string => `sim-consumer:${id}`,
};

/** The studio window: graph, palette, inspector, simulation controls. Panels have their own page objects. */
export class StudioPage {
  constructor(readonly page: Page) {}

  async open(url: string): Promise<void> {
    await this.page.goto(url);
    await expect(this.page.getByTestId('link-state')).toHaveText('connected');
  }

  node(id: string): Locator {
    return this.page.locator(`.react-flow__node[data-id="${id}"]`);
  }

  /** A number from a node's live badge (`stat-ready`, `stat-in`, …), parsed from its text (`48/s`, `1.2k`). */
  async stat(id: string, stat: string): Promise<number> {
    const text = (await this.node(id).getByTestId(stat).locator('b').textContent()) ?? '';
    const m = /([\d.]+)\s*([kM]?)/.exec(text);
    if (!m) return NaN;
    return Number(m[1]) * (m[2] === 'k' ? 1e3 : m[2] === 'M' ? 1e6 : 1);
  }

  /** Click a palette entry (it lands in the first free spot of its column; the view fits). */
  async add(entry: string): Promise<void> {
    const before = await this.page.locator('.react-flow__node').count();
    await this.page.getByTestId(`palette-${entry}`).click();
    await expect(this.page.locator('.react-flow__node')).toHaveCount(before + 1);
    await this.settled();
  }

  /**
   * Wait until the view stops moving (a fit animates for 200 ms): a drag
   * measured mid-animation starts somewhere else, over the palette even,
   * whose entries are draggable and would drop a new node.
   */
  async settled(): Promise<void> {
    await this.page.waitForFunction(
      () =>
        new Promise<boolean>((resolve) => {
          const style = (): string | null => document.querySelector('.react-flow__viewport')?.getAttribute('style') ?? null;
          const before = style();
          setTimeout(() => resolve(style() === before), 300);
        }),
    );
  }

  /** Drag from a node's output handle to another node's input handle. */
  async connect(fromId: string, toId: string): Promise<void> {
    await this.settled();
    const from = this.node(fromId).locator('.react-flow__handle.source[data-handleid="out"]');
    const to = this.node(toId).locator('.react-flow__handle.target[data-handleid="in"]');
    await expect(from).toBeInViewport();
    await expect(to).toBeInViewport();
    const a = (await from.boundingBox())!;
    const b = (await to.boundingBox())!;
    await this.page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
    await this.page.mouse.down();
    await this.page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 10 });
    await this.page.mouse.up();
  }

  /** Select a node by clicking its title. */
  async select(id: string): Promise<void> {
    await this.selectNode(this.node(id));
  }

  /**
   * Click a node's title until it is selected: a node just placed can still
   * move (the view follows it, or the layout places what arrived with it),
   * and a click that lands while it moves is taken for a drag.
   */
  async selectNode(node: Locator): Promise<void> {
    await this.settled();
    await expect(async () => {
      await node.locator('.node-name').click();
      await expect(node).toHaveClass(/selected/, { timeout: 1_000 });
    }).toPass();
  }

  /** Fill an inspector field (by test id) and apply the form. */
  async editInInspector(fields: Record<string, string>): Promise<void> {
    const inspector = this.page.getByTestId('inspector');
    for (const [testId, value] of Object.entries(fields)) {
      const field = inspector.getByTestId(testId);
      if ((await field.evaluate((el) => el.tagName)) === 'SELECT') await field.selectOption(value);
      else await field.fill(value);
    }
    await inspector.getByTestId('inspector-apply').click();
  }

  async openExample(file: string): Promise<void> {
    await this.page.getByTestId('open-examples').click();
    await this.page.getByTestId(`example-${file}`).click();
    await expect(this.page.getByTestId('explanation')).toBeVisible();
  }

  async run(speed?: number): Promise<void> {
    if (speed !== undefined) await this.page.getByTestId('sim-speed').selectOption(String(speed));
    await this.page.getByTestId('sim-play').click();
    await expect(this.page.getByTestId('sim-status')).toHaveText('running');
  }

  /** Change the simulation speed (simulated seconds per second). */
  async speed(factor: number): Promise<void> {
    await this.page.getByTestId('sim-speed').selectOption(String(factor));
  }

  async tab(name: 'charts' | 'messages' | 'events' | 'assertions' | 'policies' | 'users'): Promise<void> {
    await this.page.getByTestId(`tab-${name}`).click();
  }

  /** Save a screenshot under test-results/ for a person to look at. */
  async shot(name: string): Promise<void> {
    await this.page.screenshot({ path: `test-results/studio/${name}.png` });
  }
}
