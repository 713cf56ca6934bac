// A Svelte attachment that calls `onVisible` once, when its element first comes near the viewport or gains
// focus. Used to load on-demand features (the checker's core and views) only when the user gets to them.
import { afterFirstScreen } from '../../state/startup';

/** Returns an attachment for `{@attach whenVisible(fn)}`. */
export function whenVisible(onVisible: () => void, rootMargin = '200px') {
  return (element: HTMLElement) => {
    let isDone = false;
    const fire = () => {
      if (isDone) return;
      isDone = true;
      observer.disconnect();
      element.removeEventListener('focusin', fire);
      element.removeEventListener('pointerdown', fire);
      // Loading is work the first screen (and the verdict of a token opened from the URL) need not wait for.
      void afterFirstScreen().then(onVisible);
    };
    const observer = new IntersectionObserver(
      (entries) => {
        if (entries.some((e) => e.isIntersecting)) fire();
      },
      { rootMargin },
    );
    observer.observe(element);
    element.addEventListener('focusin', fire);
    element.addEventListener('pointerdown', fire);
    return () => {
      observer.disconnect();
      element.removeEventListener('focusin', fire);
      element.removeEventListener('pointerdown', fire);
    };
  };
}
