/**
 * A uPlot chart in a box: made once with the theme's colours, as wide as the box (resized with it),
 * fed new data whenever `data` changes, destroyed with the component. Imported only by the charts,
 * which load with their dock tabs, so uPlot stays out of the first load.
 */
import { useEffect, useRef, type RefObject } from 'react';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';

/** A CSS custom property of the theme, or `fallback` where it is not set. */
export type ThemeColor = (name: string, fallback: string) => string;

const MIN_WIDTH = 320;

export function useUplot(
  host: RefObject<HTMLDivElement | null>,
  height: number,
  /** Everything but the size, from the theme's colours; read once, when the chart is made. */
  options: (color: ThemeColor) => Omit<uPlot.Options, 'width' | 'height'>,
  /** Memoise it: a new array is drawn again. */
  data: uPlot.AlignedData,
): void {
  const plot = useRef<uPlot | undefined>(undefined);
  useEffect(() => {
    const el = host.current;
    if (!el) return;
    const css = getComputedStyle(document.documentElement);
    const color: ThemeColor = (name, fallback) => css.getPropertyValue(name).trim() || fallback;
    const chart = new uPlot({ ...options(color), width: Math.max(MIN_WIDTH, el.clientWidth), height }, data, el);
    plot.current = chart;
    const resize = new ResizeObserver(() => chart.setSize({ width: Math.max(MIN_WIDTH, el.clientWidth), height }));
    resize.observe(el);
    return () => {
      resize.disconnect();
      chart.destroy();
      plot.current = undefined;
    };
    // Made once; the data arrives through the effect below.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  useEffect(() => plot.current?.setData(data), [data]);
}
