import { describe, expect, it, vi } from 'vitest';
import { OnDemand } from './on-demand.svelte';

describe('OnDemand', () => {
  it('imports once, however often it is asked, and then holds the component', async () => {
    const component = () => 'view';
    const importer = vi.fn(() => Promise.resolve({ default: component }));
    const view = new OnDemand(importer);
    expect(view.component).toBeNull();
    expect(importer).not.toHaveBeenCalled();
    await Promise.all([view.load(), view.load(), view.load()]);
    expect(importer).toHaveBeenCalledTimes(1);
    expect(view.component).toBe(component);
    await view.load();
    expect(importer).toHaveBeenCalledTimes(1);
  });

  it('starts with a component handed over already loaded, and never imports it again', async () => {
    const component = () => 'view';
    const importer = vi.fn(() => Promise.resolve({ default: () => 'another' }));
    const view = new OnDemand(importer, component);
    expect(view.component).toBe(component);
    await view.load();
    expect(importer).not.toHaveBeenCalled();
    expect(view.component).toBe(component);
  });
});
