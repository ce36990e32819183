import { useNavigation } from '../../../renderer/navigation/navigation.js';

/** Shows where the navigation is, to check that a way to a page gets there: `legacy {"keyId":"k1"}`. */
export function CurrentPage() {
  const { page, params } = useNavigation();
  return <output aria-label="Current page">{`${page} ${JSON.stringify(params)}`}</output>;
}
